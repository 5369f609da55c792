"""File names from Vietnamese names."""

from xaso.common.text import ascii_slug


def test_file_names_keep_d_with_stroke() -> None:
    assert ascii_slug("Xã Định Long 2024") == "xa-dinh-long-2024"
    assert ascii_slug("Huyện Đông Sơn") == "huyen-dong-son"
