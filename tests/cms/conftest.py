import importlib

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.models import Collection

offices = importlib.import_module("cms.migrations.0005_editors_and_office")
stories_setup = importlib.import_module("cms.stories.migrations.0002_story_index_and_editors")


@pytest.fixture
def publishing(home_page):
    """The editors' and the office's groups, their page permissions and the site-wide approval
    workflow, as the migrations create them (again after a transactional test's flush)."""
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    stories_setup.create_editors(django_apps)
    offices.create_office(django_apps)
    return home_page


def member(django_user_model, group_name, username):
    user = django_user_model.objects.create_user(username, f"{username}@ocop.local", "mat-khau-dai-2026")
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def cms_editor(publishing, django_user_model):
    """A province editor (writes and submits; not staff)."""
    return member(django_user_model, offices.EDITORS, "bientapvien")


@pytest.fixture
def office_user(publishing, django_user_model):
    """Someone of the provincial OCOP office (approves and publishes; not staff)."""
    return member(django_user_model, offices.OFFICE, "vanphong")


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client
