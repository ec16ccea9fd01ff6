"""The filter parser: every operator, precedence, array form, and Meilisearch-shaped errors."""

from __future__ import annotations

import pytest

from souk.retrieval.filters import (
    And,
    Between,
    Condition,
    FilterError,
    In,
    Not,
    Op,
    Or,
    Value,
    attributes,
    check_filterable,
    parse_expression,
    parse_filter,
    parse_number,
)


def eq(attr: str, text: str) -> Condition:
    return Condition(attr, Op.EQ, Value(text))


PARSES = [
    ("color = red", eq("color", "red")),
    ("color != red", Condition("color", Op.NE, Value("red"))),
    ("price > 10", Condition("price", Op.GT, Value("10"))),
    ("price >= 10.5", Condition("price", Op.GE, Value("10.5"))),
    ("price < -3", Condition("price", Op.LT, Value("-3"))),
    ("price <= 1e3", Condition("price", Op.LE, Value("1e3"))),
    ("price>10", Condition("price", Op.GT, Value("10"))),
    ("price 10 TO 20", Between("price", Value("10"), Value("20"))),
    ("price 10 to 20", Between("price", Value("10"), Value("20"))),
    ("color EXISTS", Condition("color", Op.EXISTS)),
    ("color NOT EXISTS", Not(Condition("color", Op.EXISTS))),
    ("color IS NULL", Condition("color", Op.NULL)),
    ("color IS NOT NULL", Not(Condition("color", Op.NULL))),
    ("color IS EMPTY", Condition("color", Op.EMPTY)),
    ("color is not empty", Not(Condition("color", Op.EMPTY))),
    (
        "color IN [red, 'dark blue', \"x\"]",
        In("color", (Value("red"), Value("dark blue"), Value("x"))),
    ),
    ("color IN[red,blue,]", In("color", (Value("red"), Value("blue")))),
    ("color IN []", In("color", ())),
    ("color NOT IN [red]", Not(In("color", (Value("red"),)))),
    ("name CONTAINS shoe", Condition("name", Op.CONTAINS, Value("shoe"))),
    ("name NOT CONTAINS 'a b'", Not(Condition("name", Op.CONTAINS, Value("a b")))),
    ("name STARTS WITH ru", Condition("name", Op.STARTS_WITH, Value("ru"))),
    ("name starts   with ru", Condition("name", Op.STARTS_WITH, Value("ru"))),
    ("name NOT STARTS WITH ru", Not(Condition("name", Op.STARTS_WITH, Value("ru")))),
    ("NOT color = red", Not(eq("color", "red"))),
    ("NOT NOT color = red", eq("color", "red")),
    ("not color is not null", Condition("color", Op.NULL)),
    ("category.lvl0 = shoes", eq("category.lvl0", "shoes")),
    ("'my attr' = \"two words\"", eq("my attr", "two words")),
    ('\'it\\\'s\' = "say \\"hi\\""', eq("it's", 'say "hi"')),
    ("path = 'a\\\\b'", eq("path", "a\\b")),
    ("path = 'a\\nb'", eq("path", "a\\nb")),
    ("color = 'AND'", eq("color", "AND")),
    ("color = ''", eq("color", "")),
    ("品牌 = 耐克", eq("品牌", "耐克")),
    ("  color   =   red  ", eq("color", "red")),
    (
        "a = 1 AND b = 2 OR c = 3",
        Or((And((eq("a", "1"), eq("b", "2"))), eq("c", "3"))),
    ),
    (
        "a = 1 OR b = 2 AND c = 3",
        Or((eq("a", "1"), And((eq("b", "2"), eq("c", "3"))))),
    ),
    (
        "NOT a = 1 AND b = 2",
        And((Not(eq("a", "1")), eq("b", "2"))),
    ),
    (
        "(a = 1 OR b = 2) AND NOT (c = 3)",
        And((Or((eq("a", "1"), eq("b", "2"))), Not(eq("c", "3")))),
    ),
    ("a = 1 and b = 2 or c = 3", Or((And((eq("a", "1"), eq("b", "2"))), eq("c", "3")))),
    ("a = 1 AND b = 2 AND c = 3", And((eq("a", "1"), eq("b", "2"), eq("c", "3")))),
    ("((a = 1))", eq("a", "1")),
]


@pytest.mark.parametrize(("expression", "expected"), PARSES)
def test_parses(expression: str, expected: object) -> None:
    assert parse_expression(expression) == expected


def test_value_number_and_normal_form() -> None:
    assert Value("4").number == 4.0
    assert Value("-1.5e2").number == -150.0
    assert Value("abc").number is None
    assert Value(" RED ").norm == "red"
    assert [parse_number(t) for t in ("inf", "NaN", "1_000", "0x10", "+2", ".5")] == [
        None,
        None,
        None,
        None,
        2.0,
        0.5,
    ]


@pytest.mark.parametrize("empty", [None, "", "   ", [], ["", []], [[""]]])
def test_no_filter(empty: object) -> None:
    assert parse_filter(empty) is None


def test_array_form() -> None:
    node = parse_filter(["color = red", ["size = M", "size = L"]])
    assert node == And((eq("color", "red"), Or((eq("size", "M"), eq("size", "L")))))
    assert parse_filter([["size = M"]]) == eq("size", "M")
    assert parse_filter(["a = 1", ""]) == eq("a", "1")
    assert parse_filter(("a = 1", "b = 2")) == And((eq("a", "1"), eq("b", "2")))


def test_attributes() -> None:
    node = parse_filter(["a = 1 OR NOT b.c EXISTS", ["d IN [1]", "e 1 TO 2"]])
    assert node is not None
    assert attributes(node) == {"a", "b.c", "d", "e"}


OPS = (
    "Was expecting an operation `=`, `!=`, `>=`, `>`, `<=`, `<`, `IN`, `NOT IN`, `TO`, `EXISTS`, "
    "`NOT EXISTS`, `IS NULL`, `IS NOT NULL`, `IS EMPTY`, `IS NOT EMPTY`, `CONTAINS`, "
    "`NOT CONTAINS`, `STARTS WITH`, `NOT STARTS WITH`, `_geoRadius`, `_geoBoundingBox` or "
    "`_geoPolygon`"
)
RESERVED = (
    "Was expecting a value but instead got `{0}`, which is a reserved keyword. "
    "To use `{0}` as a field name or a value, surround it by quotes."
)
DEPTH = (
    "The filter exceeded the maximum depth limit. Try rewriting the filter so that it contains "
    "fewer nested conditions."
)
NESTED = "(" * 50 + "x = 1" + ")" * 50

# (expression, reason, start, end) — most cases are Meilisearch's own snapshot tests.
ERRORS = [
    # missing operator
    ("channel Ponce", f"{OPS} at `channel Ponce`.", 1, 14),
    ("price", f"{OPS} at `price`.", 1, 6),
    ("colour NOT EXIST", f"{OPS} at `colour NOT EXIST`.", 1, 17),
    ("value NULL", f"{OPS} at `value NULL`.", 1, 11),
    ("value IS", f"{OPS} at `value IS`.", 1, 9),
    ("value IS NOT EXISTS", f"{OPS} at `value IS NOT EXISTS`.", 1, 20),
    ("'OR'", f"{OPS} at `\\'OR\\'`.", 1, 5),
    ("channel = Ponce OR", f"{OPS} but instead got nothing.", 19, 19),
    ("a = 1 AND NOT", f"{OPS} but instead got nothing.", 14, 14),
    # missing value
    ("price <", "Was expecting a value but instead got nothing.", 8, 8),
    ("channel =    ", "Was expecting a value but instead got nothing.", 14, 14),
    ("channel = 🐻", "Was expecting a value but instead got `🐻`.", 11, 12),
    ("channel = 🐻 AND followers < 100", "Was expecting a value but instead got `🐻`.", 11, 12),
    ("name CONTAINS", "Was expecting a value but instead got nothing.", 14, 14),
    ("name STARTS WITH  ", "Was expecting a value but instead got nothing.", 19, 19),
    ("color IN [red] AND size =", "Was expecting a value but instead got nothing.", 26, 26),
    # reserved keywords
    ("OR", RESERVED.format("OR"), 1, 3),
    ("AND = 8", RESERVED.format("AND"), 1, 4),
    ("x = EXISTS", RESERVED.format("EXISTS"), 5, 11),
    ("x = null", RESERVED.format("null"), 5, 9),
    ("NOT OR EXISTS AND EXISTS NOT EXISTS", RESERVED.format("OR"), 5, 7),
    # TO without a second value
    ("price 10 TO", f"{OPS} at `price 10 TO`.", 1, 12),
    ("price 10 TO ", "Was expecting a value but instead got nothing.", 13, 13),
    ("subscribers 100 TO1000", f"{OPS} at `subscribers 100 TO1000`.", 1, 23),
    # unclosed quote / parenthesis / bracket
    (
        "channel = 'ponce",
        "Expression `\\'ponce` is missing the following closing delimiter: `'`.",
        11,
        17,
    ),
    (
        'channel = "ponce',
        'Expression `\\"ponce` is missing the following closing delimiter: `"`.',
        11,
        17,
    ),
    (
        "channel = mv OR (followers >= 1000",
        "Expression `(followers >= 1000` is missing the following closing delimiter: `)`.",
        17,
        35,
    ),
    (
        "colour IN [blue, green",
        "Expected matching `]` after the list of field names given to `IN[`",
        23,
        23,
    ),
    (
        "colour IN ['blue, green",
        "Expression `\\'blue, green` is missing the following closing delimiter: `'`.",
        12,
        24,
    ),
    ("colour IN blue, green]", "Expected `[` after `IN` keyword.", 11, 23),
    (
        "colour IN [blue, green, 'blue' > 2]",
        "Expected only comma-separated field names inside `IN[..]` but instead found `> 2]`.",
        32,
        36,
    ),
    (
        "colour IN [blue, green, AND]",
        "Expected only comma-separated field names inside `IN[..]` but instead found `AND]`.",
        25,
        29,
    ),
    ("name = 'abc\\", "Malformed value: `abc\\\\`.", 9, 13),
    # trailing garbage
    (
        "channel = Ponce = 12",
        "Found unexpected characters at the end of the filter: `= 12`. "
        "You probably forgot an `OR` or an `AND` rule.",
        17,
        21,
    ),
    (
        "channel = mv OR followers >= 1000)",
        "Found unexpected characters at the end of the filter: `)`. "
        "You probably forgot an `OR` or an `AND` rule.",
        34,
        35,
    ),
    (
        "channel = ponce ORdog != 'bernese mountain'",
        "Found unexpected characters at the end of the filter: `ORdog != \\'bernese mountain\\'`. "
        "You probably forgot an `OR` or an `AND` rule.",
        17,
        44,
    ),
    # geo filters
    (
        "_geoRadius(45.4, 9.1, 2000)",
        "Geo filters are not supported: `_geoRadius` cannot be used in a filter.",
        1,
        28,
    ),
    (
        "a = 1 AND _geoBoundingBox([1, 2], [3, 4])",
        "Geo filters are not supported: `_geoBoundingBox` cannot be used in a filter.",
        11,
        42,
    ),
    (
        "_geoPolygon([1,2],[3,4],[5,6])",
        "Geo filters are not supported: `_geoPolygon` cannot be used in a filter.",
        1,
        31,
    ),
    (
        "position <= _geoPoint(12, 13)",
        "Geo filters are not supported: `_geoPoint` cannot be used in a filter.",
        13,
        30,
    ),
    # nesting limit (Meilisearch's own snapshot)
    (NESTED, DEPTH, 38, 106),
]


@pytest.mark.parametrize(("expression", "reason", "start", "end"), ERRORS)
def test_errors(expression: str, reason: str, start: int, end: int) -> None:
    with pytest.raises(FilterError) as info:
        parse_filter(expression)
    err = info.value
    assert (err.reason, err.start, err.end) == (reason, start, end)
    assert err.message == f"{reason}\n{start}:{end} {expression}"
    assert str(err) == err.message
    assert isinstance(err, ValueError)


def test_error_inside_array_form_points_into_its_own_string() -> None:
    with pytest.raises(FilterError) as info:
        parse_filter(["a = 1", ["b = 2", "c <"]])
    assert info.value.message == "Was expecting a value but instead got nothing.\n4:4 c <"


@pytest.mark.parametrize(
    ("filter_", "message"),
    [
        (True, "`expected String, Array, found: true`."),
        (42, "`expected String, Array, found: 42`."),
        ({"a": 1}, '`expected String, Array, found: {"a":1}`.'),
        (["a = 1", 3], "`expected String, [String], found: 3`."),
        (["a = 1", None], "`expected String, [String], found: null`."),
        ([["a = 1", ["b = 2"]]], '`expected String, found: ["b = 2"]`.'),
    ],
)
def test_bad_array_form(filter_: object, message: str) -> None:
    with pytest.raises(FilterError) as info:
        parse_filter(filter_)
    assert info.value.message == "Invalid syntax for the filter parameter: " + message
    assert info.value.start is None and info.value.end is None


@pytest.mark.parametrize(
    ("expression", "filterable"),
    [
        ("color = red", ["color"]),
        ("category.lvl0 = shoes", ["category"]),
        ("category.lvl0.x = shoes", ["category.lvl0"]),
        ("anything.at.all EXISTS", ["*"]),
        ("a = 1 AND NOT (b IN [1] OR c 1 TO 2)", ["a", "b", "c"]),
    ],
)
def test_filterable_ok(expression: str, filterable: list[str]) -> None:
    node = parse_expression(expression)
    assert node is not None
    check_filterable(node, filterable)


@pytest.mark.parametrize(
    ("expression", "filterable", "message"),
    [
        (
            'title = "test" AND name = 12',
            ["title"],
            "Attribute `name` is not filterable. Available filterable attribute patterns are: "
            '`title`.\n20:24 title = "test" AND name = 12',
        ),
        (
            "name IN [12]",
            ["title", "color"],
            "Attribute `name` is not filterable. Available filterable attribute patterns are: "
            "`color`, `title`.\n1:5 name IN [12]",
        ),
        (
            'dog = "bernese mountain"',
            [],
            "Attribute `dog` is not filterable. This index does not have configured filterable "
            'attributes.\n1:4 dog = "bernese mountain"',
        ),
        (
            "categoryx = 1",
            ["category"],
            "Attribute `categoryx` is not filterable. Available filterable attribute patterns "
            "are: `category`.\n1:10 categoryx = 1",
        ),
        (
            "NOT 'my attr' EXISTS",
            ["other"],
            "Attribute `my attr` is not filterable. Available filterable attribute patterns are: "
            "`other`.\n6:13 NOT 'my attr' EXISTS",
        ),
    ],
)
def test_not_filterable(expression: str, filterable: list[str], message: str) -> None:
    node = parse_expression(expression)
    assert node is not None
    with pytest.raises(FilterError) as info:
        check_filterable(node, filterable)
    assert info.value.message == message


def test_check_filterable_on_hand_built_node() -> None:
    with pytest.raises(FilterError) as info:
        check_filterable(eq("size", "M"), ["color"])
    assert info.value.message.endswith("\n1:5 size")
