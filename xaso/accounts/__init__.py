"""People and their scope: which role each user holds over which administrative unit."""
