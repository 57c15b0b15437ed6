"""The scales tables of the export (tinyrnn/_layouts.py) list every C
scales struct's fields in the order the headers declare them."""

import re

import pytest

from tinyrnn._layouts import SCALES
from tinyrnn.cells import CELLS

from conftest import INCLUDE


def _struct_fields(name):
    text = "\n".join(p.read_text() for p in sorted(INCLUDE.glob("*.h")))
    m = re.search(r"typedef struct %s \{(.*?)\} %s;" % (name, name), text, re.S)
    assert m, "%s not found in include/" % name
    return re.findall(r"^\s*\w+\s+\**(\w+);", m.group(1), re.M)


@pytest.mark.parametrize("struct", sorted(SCALES))
def test_scales_fields_follow_the_header(struct):
    assert [f for f, _, _ in SCALES[struct]] == _struct_fields(struct)


def test_every_cell_has_its_scales_table():
    assert sorted(c.scales_struct for c in CELLS.values()) == sorted(SCALES)
