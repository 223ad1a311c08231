"""The order e-mails as Oscar communication event types, so that staff find them in the
dashboard (Content → Email templates) and can edit them (marketplace/order/notifications.py).
Their template fields stay empty: until staff write a text, the theme's templates are used, in
the recipient's language. ``ORDER_PLACED`` is Oscar's own code, created here when missing."""

from django.db import migrations

EVENT_TYPES = {
    "ORDER_PLACED": "Đơn hàng: xác nhận đặt hàng (gửi khách hàng)",
    "ORDER_PAID": "Đơn hàng: đã nhận thanh toán (gửi khách hàng)",
    "ORDER_SHIPPED": "Đơn hàng: đã giao cho đơn vị vận chuyển (gửi khách hàng)",
    "ORDER_READY_FOR_PICKUP": "Đơn hàng: sẵn sàng nhận tại điểm bán (gửi khách hàng)",
    "ORDER_CANCELLED": "Đơn hàng: đã hủy (gửi khách hàng)",
    "PRODUCER_ORDER_PLACED": "Đơn hàng: đơn mới cần chuẩn bị (gửi từng chủ thể, chỉ các dòng của chủ thể)",
}


def create_event_types(apps, schema_editor):
    CommunicationEventType = apps.get_model("communication", "CommunicationEventType")
    for code, name in EVENT_TYPES.items():
        CommunicationEventType.objects.get_or_create(code=code, defaults={"name": name, "category": "Order related"})


def delete_event_types(apps, schema_editor):
    CommunicationEventType = apps.get_model("communication", "CommunicationEventType")
    CommunicationEventType.objects.filter(code__in=EVENT_TYPES).exclude(code="ORDER_PLACED").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("order", "0023_shippingaddress_province_commune"),
        ("communication", "0004_auto_20200801_0817"),
    ]

    operations = [migrations.RunPython(create_event_types, delete_event_types)]
