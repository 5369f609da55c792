"""Excel templates out and in, results exports and printable PDF reports.

Everything here renders engine results or hands raw counts to the assessment services;
no rule is decided here.
"""
