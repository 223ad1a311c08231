"""Who publishes what (README, "Publishing"):

- "Biên tập viên tỉnh" (the province's editors, from the stories' migration) may add and edit
  every page of the site and submit it; they translate pages (wagtail-localize) and upload
  photos and documents.
- "Văn phòng OCOP tỉnh" (the office) may also publish, unpublish and lock pages, approve what the
  editors submit, and edit the site's operator details and policy links.
- The workflow "Duyệt nội dung của tỉnh" (one task: the office approves) covers the whole site
  from the home page down; the stories' index keeps its own workflow, in which the editors
  approve the producers' stories.

Idempotent, like the stories' migration: tests call ``create_office`` again after a
transactional test has emptied the tables."""

from django.db import migrations

EDITORS = "Biên tập viên tỉnh"  # cms/stories/migrations/0002_story_index_and_editors.py
OFFICE = "Văn phòng OCOP tỉnh"
WORKFLOW_NAME = "Duyệt nội dung của tỉnh"
TASK_NAME = "Văn phòng OCOP tỉnh duyệt"

EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page")
OFFICE_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
MEDIA = {
    "wagtailimages": ("image", ("add_image", "change_image", "choose_image")),
    "wagtaildocs": ("document", ("add_document", "change_document", "choose_document")),
}


def create_office(apps, schema_editor=None):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    HomePage = apps.get_model("cms", "HomePage")

    def permission(app_label, model, codename):
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        name = codename.replace("_", " ").capitalize()
        return Permission.objects.get_or_create(content_type=content_type, codename=codename, defaults={"name": name})[0]

    editors, _ = Group.objects.get_or_create(name=EDITORS)
    office, _ = Group.objects.get_or_create(name=OFFICE)
    admin_access = permission("wagtailadmin", "admin", "access_admin")
    translate = permission("wagtail_localize", "translation", "submit_translation")
    editors.permissions.add(admin_access, translate)
    office.permissions.add(admin_access, translate, permission("cms", "siteoperator", "change_siteoperator"))

    root_collection = Collection.objects.filter(depth=1).order_by("path").first()
    if root_collection is not None:
        for group in (editors, office):
            for app_label, (model, codenames) in MEDIA.items():
                for codename in codenames:
                    GroupCollectionPermission.objects.get_or_create(
                        group=group, collection=root_collection, permission=permission(app_label, model, codename)
                    )

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        content_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
        task = GroupApprovalTask.objects.create(name=TASK_NAME, active=True, content_type=content_type)
    task.groups.add(office)
    WorkflowTask.objects.get_or_create(workflow=workflow, task_id=task.pk, defaults={"sort_order": 0})

    for home in HomePage.objects.all():
        for group, codenames in ((editors, EDITOR_PAGE_PERMISSIONS), (office, OFFICE_PAGE_PERMISSIONS)):
            for codename in codenames:
                GroupPagePermission.objects.get_or_create(
                    group=group, page_id=home.pk, permission=permission("wagtailcore", "page", codename)
                )
        WorkflowPage.objects.update_or_create(page_id=home.pk, defaults={"workflow": workflow})
    return office, workflow


def backwards(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW_NAME).delete()
    apps.get_model("wagtailcore", "Task").objects.filter(name=TASK_NAME).delete()
    apps.get_model("auth", "Group").objects.filter(name=OFFICE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0004_site_operator_and_policies"),
        ("stories", "0002_story_index_and_editors"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [migrations.RunPython(create_office, backwards)]
