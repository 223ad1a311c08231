"""The e-mails about certificates and the registry sync as Oscar communication event types, so
that staff find them in the dashboard (Content → Email templates) and can edit them. Their
template fields stay empty: until staff write a text, the theme's templates are used, in the
recipient's language."""

from django.db import migrations

EVENT_TYPES = {
    "OCOP_DELISTED": "OCOP: sản phẩm ngừng hiển thị (gửi chủ thể)",
    "OCOP_EXPIRES_90": "OCOP: giấy chứng nhận hết hạn trong 90 ngày (gửi chủ thể)",
    "OCOP_EXPIRES_30": "OCOP: giấy chứng nhận hết hạn trong 30 ngày (gửi chủ thể)",
    "REGISTRY_SYNC_ALERT": "OCOP: đồng bộ hệ thống quốc gia cần xem xét (gửi quản trị)",
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
        ("certification", "0003_lookup_keys"),
        ("communication", "0004_auto_20200801_0817"),
    ]

    operations = [migrations.RunPython(create_event_types, delete_event_types)]
