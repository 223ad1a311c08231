"""Who publishes what: editors write and submit, the office approves and publishes (the workflow
"Duyệt nội dung của tỉnh" over the whole site), through Wagtail's own admin views."""

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cms.models import PolicyPage

from .conftest import signed_in

pytestmark = pytest.mark.django_db


def policy_form(action, title="Chính sách đổi trả", text="<p>Đổi trả trong 7 ngày.</p>"):
    return nested_form_data(
        {
            "title": title,
            "slug": "chinh-sach-doi-tra",
            "intro": "Đổi trả trong 7 ngày.",
            "body": streamfield([("paragraph", rich_text(text))]),
            "reviewed_on": "",
            "comments": inline_formset([]),
            action: "1",
        }
    )


def add_policy(user, home, action):
    url = reverse("wagtailadmin_pages:add", args=("cms", "policypage", home.pk))
    return signed_in(user).post(url, policy_form(action))


def decide(user, page, action):
    page.refresh_from_db()
    state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, state.pk))
    return signed_in(user).post(url, {"comment": ""})


def test_an_editor_submits_and_the_office_approves(cms_editor, office_user, publishing):
    response = add_policy(cms_editor, publishing, "action-submit")
    assert response.status_code == 302, response.content.decode()[:2000]
    page = PolicyPage.objects.get()
    assert not page.live and page.workflow_in_progress
    assert page.current_workflow_state.workflow.name == "Duyệt nội dung của tỉnh"
    assert Client().get("/chinh-sach-doi-tra/").status_code == 404

    assert "Chính sách đổi trả" in signed_in(office_user).get("/cms-admin/").content.decode()  # awaiting review
    assert decide(office_user, page, "approve").status_code == 302
    page.refresh_from_db()
    assert page.live
    assert "Đổi trả trong 7 ngày." in Client().get("/chinh-sach-doi-tra/").content.decode()


def test_an_editor_cannot_publish_and_the_office_can(cms_editor, office_user, publishing):
    assert not publishing.permissions_for_user(cms_editor).can_publish()
    assert publishing.permissions_for_user(cms_editor).can_add_subpage()
    assert publishing.permissions_for_user(office_user).can_publish_subpage()

    add_policy(cms_editor, publishing, "action-publish")
    page = PolicyPage.objects.get()
    assert not page.live  # "publish" from an editor is not honoured

    page.delete()
    response = add_policy(office_user, publishing, "action-publish")
    assert response.status_code == 302
    assert PolicyPage.objects.get().live


def test_only_the_office_edits_the_site_operator(cms_editor, office_user, publishing):
    url = "/cms-admin/settings/cms/siteoperator/"
    assert signed_in(cms_editor).get(url, follow=True).status_code in (403, 200)
    assert 'name="hotline"' not in signed_in(cms_editor).get(url, follow=True).content.decode()
    response = signed_in(office_user).get(url, follow=True)
    assert response.status_code == 200 and 'name="hotline"' in response.content.decode()


def test_editors_and_office_cannot_touch_pages_outside_the_site(cms_editor, publishing):
    root = Page.get_first_root_node()
    assert not root.permissions_for_user(cms_editor).can_add_subpage()
