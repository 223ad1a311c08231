"""An order's status follows from its payment and its lines (each producer moves only its own)."""

import pytest

from marketplace.order import statuses as s


@pytest.mark.parametrize(
    ("lines", "paid", "expected"),
    [
        ([s.NEW, s.NEW], False, s.AWAITING_PAYMENT),
        ([s.NEW, s.NEW], True, s.PLACED),
        ([s.CONFIRMED, s.NEW], True, s.IN_PROGRESS),
        ([s.LINE_SHIPPED, s.LINE_CANCELLED], True, s.SHIPPED),
        ([s.AT_POINT, s.PICKED_UP], True, s.READY_FOR_PICKUP),
        ([s.DELIVERED, s.LINE_SHIPPED], True, s.SHIPPED),
        ([s.DELIVERED, s.PICKED_UP, s.LINE_CANCELLED], True, s.COMPLETED),
        ([s.LINE_CANCELLED, s.LINE_CANCELLED], False, s.CANCELLED),
        ([s.LINE_CANCELLED, s.LINE_CANCELLED], True, s.CANCELLED),
    ],
)
def test_the_order_status_rolls_up_from_its_lines(lines, paid, expected):
    assert s.rolled_up(lines, paid) == expected


def test_every_status_a_line_can_reach_is_known_and_labelled():
    for status, following in s.LINE_PIPELINE.items():
        assert status in s.LINE_LABELS
        assert set(following) <= set(s.LINE_LABELS)
