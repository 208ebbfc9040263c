"""The garbage collector's pause for making many items: off inside, back as it was after, even
when the block fails, and never switched on by a pause inside another."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from crm_desktop.domain import collector


@pytest.fixture(autouse=True)
def collecting() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()


def test_off_inside_and_back_on_after() -> None:
    with collector.paused():
        assert not gc.isenabled()
        with collector.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner pause found it off and left it off
    assert gc.isenabled()


def test_back_on_after_an_error() -> None:
    with pytest.raises(ZeroDivisionError), collector.paused():
        _ = 1 / 0
    assert gc.isenabled()


def test_left_off_when_it_was_off() -> None:
    gc.disable()
    with collector.paused():
        pass
    assert not gc.isenabled()
