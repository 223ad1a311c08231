"""The demo's own trust pages and publishing set-up: the operator's details (footer), the six
policies an e-commerce site in Vietnam publishes (linked from the footer and the checkout), an
office login ("Văn phòng OCOP tỉnh": approves and publishes what the editors submit) and the
English locale, synchronised from Vietnamese by wagtail-localize so that editors can translate
any page. Loading again adds nothing twice."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Locale, Site
from wagtail.rich_text import RichText

from cms.models import HomePage, PolicyPage, SiteOperator

from .orders import PASSWORD

OFFICE_EMAIL = "office@ocop.local"
OFFICE_GROUP = "Văn phòng OCOP tỉnh"  # cms/migrations/0005_editors_and_office.py

OPERATOR = {
    "name": "Văn phòng Điều phối Chương trình OCOP tỉnh Bắc Giang",
    "address": "Số 1 đường Hoàng Văn Thụ, phường Hoàng Văn Thụ, thành phố Bắc Giang, tỉnh Bắc Giang",
    "hotline": "0204 3854 123",
    "email": "ocop@bacgiang.gov.vn",
    "registration": (
        "Thành lập theo Quyết định số 1234/QĐ-UBND ngày 15/03/2019 của UBND tỉnh Bắc Giang (dữ liệu minh họa)"
    ),
    "hours": "7:30–17:00, thứ Hai đến thứ Sáu",
}

# field of SiteOperator -> (slug, title, summary, paragraphs)
POLICIES = {
    "terms_page": (
        "dieu-khoan-su-dung",
        "Điều khoản sử dụng",
        "Chợ OCOP là sàn giao dịch thương mại điện tử do Văn phòng Điều phối OCOP tỉnh vận hành; "
        "người bán là các chủ thể OCOP có sản phẩm còn hiệu lực chứng nhận.",
        [
            "Sàn chỉ niêm yết sản phẩm có giấy chứng nhận OCOP từ 3 sao trở lên còn hiệu lực, đồng bộ từ hệ "
            "thống quản lý OCOP quốc gia. Sản phẩm hết hạn, bị thu hồi hoặc tạm đình chỉ chứng nhận được gỡ khỏi "
            "sàn ngay trong ngày.",
            "Người bán (hợp tác xã, doanh nghiệp, tổ hợp tác, hộ sản xuất) chịu trách nhiệm về thông tin, chất "
            "lượng, giá và việc giao hàng của sản phẩm mình bán; Văn phòng Điều phối kiểm tra chứng nhận và giải "
            "quyết khiếu nại giữa người mua và người bán.",
            "Người mua cung cấp thông tin đúng khi đặt hàng và thanh toán theo phương thức đã chọn. Mọi giao dịch "
            "tuân theo Nghị định 52/2013/NĐ-CP và Nghị định 85/2021/NĐ-CP về thương mại điện tử.",
        ],
    ),
    "returns_page": (
        "chinh-sach-doi-tra",
        "Chính sách đổi trả và hoàn tiền",
        "Quý khách được đổi hoặc trả hàng trong 7 ngày kể từ khi nhận nếu hàng lỗi, hỏng, sai mẫu hoặc không "
        "đúng mô tả.",
        [
            "Thực phẩm tươi sống, cây giống và con giống được kiểm tra khi nhận hàng; nếu có vấn đề xin từ chối "
            "nhận hoặc báo ngay trong 24 giờ kèm ảnh chụp.",
            "Hàng đổi trả cần còn nguyên bao bì, tem OCOP và mã truy xuất. Người bán chịu phí vận chuyển khi lỗi "
            "thuộc về người bán.",
            "Tiền được hoàn trong 7 ngày làm việc: về thẻ đã thanh toán (thanh toán thẻ), về tài khoản ngân hàng "
            "quý khách cung cấp (chuyển khoản, thanh toán khi nhận hàng).",
        ],
    ),
    "shipping_page": (
        "chinh-sach-van-chuyen",
        "Chính sách vận chuyển và giao nhận",
        "Mỗi người bán tự đóng gói và giao phần hàng của mình; quý khách có thể nhận tại nhà hoặc tại điểm "
        "giới thiệu và bán sản phẩm OCOP.",
        [
            "Thời gian giao hàng dự kiến: 1–3 ngày trong tỉnh, 3–7 ngày đi tỉnh khác. Thực phẩm tươi và cây, con "
            "giống chỉ nhận tại điểm bán hoặc giao trong tỉnh.",
            "Phí vận chuyển hiển thị ở bước chọn cách nhận hàng trước khi đặt. Nhận tại điểm bán không mất phí.",
            "Quý khách theo dõi đơn hàng tại trang đơn hàng; mỗi người bán cập nhật khi đóng gói, giao cho đơn vị "
            "vận chuyển (kèm mã vận đơn) và khi hàng đã đến.",
        ],
    ),
    "payment_page": (
        "chinh-sach-thanh-toan",
        "Chính sách thanh toán",
        "Quý khách thanh toán bằng thẻ, chuyển khoản qua mã VietQR hoặc trả tiền mặt khi nhận hàng.",
        [
            "Thanh toán thẻ qua cổng Stripe: thông tin thẻ nhập trực tiếp tại cổng thanh toán, sàn không lưu số thẻ.",
            "Chuyển khoản: quét mã VietQR trên trang đơn hàng, nội dung chuyển khoản là mã đơn hàng; đơn được xác "
            "nhận khi tiền về tài khoản.",
            "Giá niêm yết bằng đồng Việt Nam, đã gồm thuế; hóa đơn do người bán xuất theo yêu cầu.",
        ],
    ),
    "privacy_page": (
        "chinh-sach-bao-mat",
        "Chính sách bảo vệ dữ liệu cá nhân",
        "Sàn chỉ thu thập dữ liệu cần cho việc giao hàng và chăm sóc khách hàng, và xử lý theo Nghị định "
        "13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân.",
        [
            "Dữ liệu thu thập: họ tên, số điện thoại, địa chỉ nhận hàng, thư điện tử, lịch sử đơn hàng.",
            "Người bán chỉ thấy thông tin của các đơn hàng có sản phẩm của mình, để giao hàng. Sàn không bán hay "
            "chia sẻ dữ liệu cho bên thứ ba vì mục đích quảng cáo.",
            "Quý khách có quyền xem, sửa, yêu cầu xóa dữ liệu của mình bằng cách liên hệ đường dây nóng hoặc thư "
            "điện tử ở chân trang.",
        ],
    ),
    "complaints_page": (
        "giai-quyet-khieu-nai",
        "Cơ chế giải quyết khiếu nại",
        "Mọi phản ánh về sản phẩm, người bán hay giao dịch được tiếp nhận qua đường dây nóng, thư điện tử hoặc "
        "trực tiếp tại Văn phòng Điều phối.",
        [
            "Bước 1: Văn phòng Điều phối tiếp nhận và xác nhận trong 1 ngày làm việc.",
            "Bước 2: Người bán phản hồi trong 3 ngày làm việc; Văn phòng Điều phối làm trung gian hòa giải.",
            "Bước 3: Nếu không thỏa thuận được, các bên có thể đề nghị cơ quan bảo vệ quyền lợi người tiêu dùng "
            "hoặc tòa án giải quyết theo Luật Bảo vệ quyền lợi người tiêu dùng năm 2023.",
            "Sản phẩm có dấu hiệu không đúng chứng nhận OCOP được báo cho Hội đồng đánh giá để xem xét thu hồi.",
        ],
    ),
}


def add_site_pages():
    """The operator's details, the policy pages and the office login."""
    home = HomePage.objects.filter(locale=Locale.get_default()).order_by("depth", "path").first()
    site = Site.objects.filter(is_default_site=True).first()
    if home is None or site is None:
        return
    operator = SiteOperator.for_site(site)
    for field, value in OPERATOR.items():
        setattr(operator, field, getattr(operator, field) or value)
    for field, (slug, title, intro, paragraphs) in POLICIES.items():
        page = PolicyPage.objects.filter(slug=slug, locale=home.locale).first()
        if page is None:
            page = PolicyPage(
                title=title,
                slug=slug,
                intro=intro,
                body=[("paragraph", RichText("".join(f"<p>{text}</p>" for text in paragraphs)))],
                reviewed_on=datetime.date(2026, 7, 1),
            )
            home.add_child(instance=page)
            page.save_revision().publish()
        if getattr(operator, f"{field}_id") is None:
            setattr(operator, field, page)
    operator.save()
    ensure_office_login()


def ensure_office_login():
    """The demo's office login (reset to the demo password on every load)."""
    group = Group.objects.filter(name=OFFICE_GROUP).first()
    if group is None:
        return None
    User = get_user_model()
    user = User.objects.filter(email=OFFICE_EMAIL).first() or User(username="office", email=OFFICE_EMAIL)
    user.first_name, user.last_name = "Văn phòng", "OCOP tỉnh"
    user.set_password(PASSWORD)
    user.save()
    user.groups.add(group)
    return user


def ensure_english():
    """The English locale, kept in step with the Vietnamese tree (each page an alias until an
    editor translates it: "Translate" in the page's menu in /cms-admin/). Called once every page
    of the demo is in place."""
    from wagtail_localize.models import LocaleSynchronization
    from wagtail_localize.synctree import synchronize_tree

    default = Locale.get_default()
    english, _ = Locale.objects.get_or_create(language_code="en")
    LocaleSynchronization.objects.get_or_create(locale=english, defaults={"sync_from": default})
    synchronize_tree(default, english)
