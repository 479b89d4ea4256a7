"""`indexer.commands.printing.escaped`: outside text on a terminal, one line, inert."""
from indexer.commands.printing import escaped


def test_control_characters_are_escaped_and_chinese_is_kept():
    assert escaped("松北区年报\r\n2020\x1b[31m.txt") == "松北区年报\\r\\n2020\\x1b[31m.txt"
    assert escaped("a\tb\\c\x00\u2028\u200e d") == "a\\tb\\\\c\\x00\\u2028\\u200e d"
    assert escaped("政府信息公开工作年度报告 2020.pdf") == "政府信息公开工作年度报告 2020.pdf"
