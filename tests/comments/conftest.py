"""Readers the comment tests share."""

import pytest

from tests import factories


@pytest.fixture
def mina(db):
    """A reader whose earlier comment was published, so her new ones go straight up."""
    user = factories.reader_account("Mina", username="mina")
    factories.CommentFactory(user=user)
    return user


@pytest.fixture
def newcomer(db):
    """A reader who has never commented: her first comment waits for a moderator."""
    return factories.reader_account("Newcomer", username="newcomer")
