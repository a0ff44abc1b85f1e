"""Two editors, Alice and Bob, for the tests of two people saving one listicle at once."""

import pytest

from tests import factories


@pytest.fixture
def alice(editor):
    editor.first_name, editor.last_name = "Alice", "Kim"
    editor.save()
    return editor


@pytest.fixture
def bob(db):
    from django.contrib.auth.models import Group

    user = factories.UserFactory(username="bob", first_name="Bob", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user
