"""The e-mails of producer accounts (marketplace/producers/accounts.py) as Oscar communication
event types, so that staff find them in the dashboard (Content → Email templates) and can edit
them. Their template fields stay empty: until staff write a text, the theme's templates are
used, in the recipient's language."""

from django.db import migrations

EVENT_TYPES = {
    "PRODUCER_INVITATION": "Tài khoản chủ thể: lời mời chọn mật khẩu (gửi người được mời)",
    "PRODUCER_CLAIM": "Tài khoản chủ thể: xác nhận nhận quản lý (gửi e-mail của chủ thể theo hệ thống quốc gia)",
}


def create_event_types(apps, schema_editor):
    CommunicationEventType = apps.get_model("communication", "CommunicationEventType")
    for code, name in EVENT_TYPES.items():
        CommunicationEventType.objects.get_or_create(code=code, defaults={"name": name, "category": "User related"})


def delete_event_types(apps, schema_editor):
    CommunicationEventType = apps.get_model("communication", "CommunicationEventType")
    CommunicationEventType.objects.filter(code__in=EVENT_TYPES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("customer", "0008_assign_permissions_to_staff"),
        ("communication", "0004_auto_20200801_0817"),
    ]

    operations = [migrations.RunPython(create_event_types, delete_event_types)]
