from django.db import migrations


def create_homepage(apps, schema_editor):
    """Replace Wagtail's "Welcome" page with our home page and point the default site at it."""
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("cms.HomePage")

    welcome = Page.objects.filter(depth=2, slug="home", content_type__app_label="wagtailcore").first()
    locale = welcome.locale if welcome else Locale.objects.order_by("pk").first()
    if welcome:
        welcome.delete()
    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="cms")
    homepage = HomePage.objects.create(
        title="Chợ OCOP",
        draft_title="Chợ OCOP",
        slug="home",
        content_type=content_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=locale,
        body=[],
    )
    Page.objects.filter(depth=1).update(numchild=1)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page_id": homepage.pk, "site_name": "Chợ OCOP"},
    )


def remove_homepage(apps, schema_editor):
    apps.get_model("cms.HomePage").objects.filter(depth=2, slug="home").delete()


class Migration(migrations.Migration):
    dependencies = [("cms", "0001_initial"), ("wagtailcore", "0001_initial")]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
