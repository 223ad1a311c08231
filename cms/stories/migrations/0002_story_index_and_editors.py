"""The story index (/cau-chuyen-san-pham/, under the home page when there is one), the province's
editors ("Biên tập viên tỉnh": CMS admin access, add/change/publish on the index and its stories,
photos) and the workflow "Duyệt câu chuyện sản phẩm" (one group approval task for the editors) that
every story under the index goes through. Idempotent: the test fixtures call these functions again
after a transactional test has emptied the tables."""

from django.db import migrations
from django.db.models import F
from django.utils import timezone

INDEX_SLUG = "cau-chuyen-san-pham"
INDEX_TITLE = "Câu chuyện sản phẩm"
INDEX_INTRO = "Những người làm ra sản phẩm OCOP kể về sản phẩm của mình: nguyên liệu, cách làm, vùng đất."
GROUP_NAME = "Biên tập viên tỉnh"
WORKFLOW_NAME = "Duyệt câu chuyện sản phẩm"
TASK_NAME = "Biên tập viên tỉnh duyệt câu chuyện"
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # treebeard's, as Wagtail's pages use it
STEPLEN = 4


def _next_child_path(Page, parent):
    last = (
        Page.objects.filter(depth=parent.depth + 1, path__startswith=parent.path)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    number = int(last[-STEPLEN:], 36) + 1 if last else 1
    step = ""
    while number:
        number, digit = divmod(number, 36)
        step = ALPHABET[digit] + step
    return parent.path + step.rjust(STEPLEN, "0")


def create_story_index(apps, schema_editor=None):
    """The index page under the home page; ``None`` when the site has no home page yet."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    HomePage = apps.get_model("cms", "HomePage")
    StoryIndexPage = apps.get_model("stories", "StoryIndexPage")

    index = StoryIndexPage.objects.order_by("pk").first()
    if index is not None:
        return index
    home = HomePage.objects.order_by("depth", "path").first()
    if home is None:
        return None
    content_type, _ = ContentType.objects.get_or_create(app_label="stories", model="storyindexpage")
    now = timezone.now()
    index = StoryIndexPage(
        title=INDEX_TITLE,
        draft_title=INDEX_TITLE,
        slug=INDEX_SLUG,
        content_type=content_type,
        path=_next_child_path(Page, home),
        depth=home.depth + 1,
        numchild=0,
        url_path=f"{home.url_path}{INDEX_SLUG}/",
        locale_id=home.locale_id,
        live=True,
        first_published_at=now,
        last_published_at=now,
        intro=INDEX_INTRO,
    )
    index.save()
    Page.objects.filter(pk=home.pk).update(numchild=F("numchild") + 1)
    return index


def create_editors(apps, schema_editor=None):
    """The editors' group, its permissions and the workflow, assigned to the index if it exists."""
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
    StoryIndexPage = apps.get_model("stories", "StoryIndexPage")

    def permission(app_label, model, codename, name):
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        return Permission.objects.get_or_create(content_type=content_type, codename=codename, defaults={"name": name})[0]

    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.add(permission("wagtailadmin", "admin", "access_admin", "Can access Wagtail admin"))
    root_collection = Collection.objects.filter(depth=1).order_by("path").first()
    if root_collection is not None:
        for codename, name in (
            ("add_image", "Can add image"),
            ("change_image", "Can change image"),
            ("choose_image", "Can choose image"),
        ):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission("wagtailimages", "image", codename, name)
            )

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        content_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
        task = GroupApprovalTask.objects.create(name=TASK_NAME, active=True, content_type=content_type)
    task.groups.add(group)
    WorkflowTask.objects.get_or_create(workflow=workflow, task_id=task.pk, defaults={"sort_order": 0})

    index = StoryIndexPage.objects.order_by("pk").first()
    if index is not None:
        for codename, name in (("add_page", "Can add page"), ("change_page", "Can change page"), ("publish_page", "Can publish page")):
            GroupPagePermission.objects.get_or_create(
                group=group, page_id=index.pk, permission=permission("wagtailcore", "page", codename, name)
            )
        WorkflowPage.objects.update_or_create(page_id=index.pk, defaults={"workflow": workflow})
    return group, workflow


def forwards(apps, schema_editor):
    create_story_index(apps, schema_editor)
    create_editors(apps, schema_editor)


def backwards(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW_NAME).delete()
    apps.get_model("wagtailcore", "Task").objects.filter(name=TASK_NAME).delete()
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()
    for index in apps.get_model("stories", "StoryIndexPage").objects.filter(numchild=0):
        parent_path = index.path[:-STEPLEN]
        index.delete()
        Page.objects.filter(path=parent_path).update(numchild=F("numchild") - 1)


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0001_initial"),
        ("cms", "0002_create_homepage"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0023_add_choose_permissions"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
