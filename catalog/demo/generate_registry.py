"""Write a deterministic demo registry (the format of docs/registry-formats.md) to catalog/demo/registry-demo.json.

    python -m catalog.demo.generate_registry

Standard library and ``vietnamadminunits`` only (no Django): real legacy (pre-2025) province,
district and ward GSO codes, realistic products, producers, stars, levels, dates and statuses.
"""

import datetime as dt
import json
import random
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

from vietnamadminunits.database import query

SEED = 20261123
TODAY = dt.date(2026, 11, 23)
TZ = dt.timezone(dt.timedelta(hours=7))
DISTRICTS_ABOLISHED = dt.date(2025, 7, 1)  # Decision 1489/QĐ-TTg: the province recognises 3★ too
HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "registry-demo.json"
SENTINELS_FILE = HERE / "sentinels.json"

# Codes fixed on purpose so that tests can find them (see SPECIALS below).
SENTINELS = {
    "revoked": "OCOP-22-2024-0117",
    "expired": "OCOP-08-2022-0031",
    "recertified_product_code": "24-218-0007",
}

# Spec: "district,district|category|producer sector|product name; other product name; …".
# A district may pin a commune: "018:Bát Tràng".
PROVINCES = {
    "24": {
        "target": 64,
        "area": "0204",
        "tax": "24",
        "hamlet": "Thôn",
        "hamlets": "Liên Khuyên;Đồng Bông;Chản;Trại Mới;Hòa Bình;Tân Lập;Đồng Tâm;Khuôn;Mỏ Thổ;Bãi Đá;Nam Hưng;Cầu Đất",
        "specs": [
            "218:Bảo Sơn|I.1.a|Nông sản|Dưa lưới Lục Nam;Dưa lưới vàng Lục Nam",
            "218:Bảo Sơn|I.1.a|Nông sản|Dứa Bảo Sơn;Dứa Queen Bảo Sơn",
            "218|I.1.a|Nông lâm sản|Hạt dẻ Mai Sưu",
            "218|I.1.a|Nông sản|Bưởi Mai Sưu;Bưởi đỏ Lục Nam",
            "218:Huyền Sơn|I.2.b|Mật ong|Mật ong Lục Nam;Mật ong rừng Huyền Sơn;Mật ong hoa vải Lục Nam",
            "218|III.1|Dược liệu|Nấm linh chi Lục Nam;Nấm linh chi đỏ thái lát",
            "218|III.1|Dược liệu|Đông trùng hạ thảo Lục Nam;Đông trùng hạ thảo sấy thăng hoa",
            "219|I.1.a|Vải thiều|Vải thiều Lục Ngạn;Vải thiều Phì Điền",
            "219|I.3.c|Thực phẩm|Vải thiều sấy khô Lục Ngạn",
            "224|I.3.b|Sản xuất mỳ|Mỳ Chũ;Mỳ gạo Chũ hữu cơ",
            "215|I.1.b|Chăn nuôi|Gà đồi Yên Thế",
            "215|I.3.d|Thực phẩm|Gà ủ muối Yên Thế",
            "216|I.1.a|Nông sản|Vải sớm Phúc Hòa",
            "222|II.1.a|Rượu|Rượu làng Vân;Rượu làng Vân hảo hạng",
            "213|I.3.b|Thực phẩm|Bánh đa Kế",
            "217|I.2.a|Lúa gạo|Gạo nếp cái hoa vàng Lạng Giang",
            "223|I.2.a|Lúa gạo|Gạo thơm Hiệp Hòa",
            "220|III.3|Dược liệu|Tinh dầu quế Sơn Động",
            "220|VI|Du lịch cộng đồng|Du lịch sinh thái Khe Rỗ;Homestay bản Mậu",
        ],
    },
    "01": {
        "target": 64,
        "area": "024",
        "tax": "01",
        "hamlet": "Thôn",
        "hamlets": "Đoài;Đông;Trung;Thượng;Hạ;Phú Hữu;Yên Nội;Cam Lâm;Vân Trì;An Khoái;Đồng Nhân;Mía",
        "specs": [
            "018:Bát Tràng|IV.1|Gốm sứ|Gốm sứ Bát Tràng;Bình gốm men lam Bát Tràng;Bộ ấm chén Bát Tràng;Lọ hoa men rạn",
            "277:Phú Nghĩa|IV.1|Mây tre đan|Mây tre đan Phú Vinh;Giỏ mây Phú Vinh;Khay mây tre đan",
            "268:Vạn Phúc|IV.2|Dệt lụa|Lụa Vạn Phúc;Khăn lụa tơ tằm Vạn Phúc",
            "278:Phương Trung|IV.1|Thủ công mỹ nghệ|Nón lá làng Chuông",
            "279:Duyên Thái|IV.1|Sơn mài|Tranh sơn mài Hạ Thái;Hộp sơn mài Hạ Thái",
            "281:Quảng Phú Cầu|IV.1|Thủ công mỹ nghệ|Hương Quảng Phú Cầu",
            "271|I.5.a|Chè|Chè Ba Vì;Chè xanh Ba Trại",
            "271|I.1.b|Chăn nuôi bò sữa|Sữa tươi Ba Vì",
            "271|I.3.d|Thực phẩm|Sữa chua Ba Vì;Bánh sữa Ba Vì",
            "271|III.2|Dược liệu|Thuốc tắm người Dao Ba Vì;Cao xoa bóp người Dao",
            "269:Đường Lâm|VI|Du lịch|Làng cổ Đường Lâm;Homestay làng cổ Đường Lâm",
            "269:Đường Lâm|I.1.b|Chăn nuôi|Gà Mía Đường Lâm",
            "269|I.3.b|Thực phẩm|Bánh tẻ Phú Nhi",
            "276:Thạch Xá|I.3.b|Thực phẩm|Chè lam Thạch Xá",
            "282:Hương Sơn|VI|Du lịch|Du lịch sinh thái Hương Sơn",
            "003:Quảng An|I.5.b|Trà sen|Trà sen Tây Hồ;Trà sen Quảng An",
            "003:Tứ Liên|V.2|Cây cảnh|Quất cảnh Tứ Liên",
            "003:Nhật Tân|V.1|Hoa|Hoa đào Nhật Tân",
            "005:Dịch Vọng|I.3.b|Thực phẩm|Cốm làng Vòng",
            "278:Cự Khê|I.4.a|Thực phẩm|Tương Cự Đà",
            "278|I.3.d|Thực phẩm|Giò chả Ước Lễ",
            "019:Phú Đô|I.3.b|Thực phẩm|Bún Phú Đô",
            "016|I.2.b|Mật ong|Mật ong Sóc Sơn",
            "017:Vân Nội|I.1.a|Rau an toàn|Rau an toàn Vân Nội",
            "018:Phù Đổng|I.1.b|Chăn nuôi bò sữa|Sữa bò tươi Phù Đổng",
            "021|I.1.a|Nông sản|Bưởi Diễn",
            "274:Cát Quế|I.3.b|Thực phẩm|Miến dong Cát Quế",
            "250|V.1|Hoa|Hoa hồng Mê Linh",
            "279|I.3.b|Thực phẩm|Bánh giầy Quán Gánh",
        ],
    },
    "22": {
        "target": 40,
        "area": "0203",
        "tax": "57",
        "hamlet": "Thôn",
        "hamlets": "Khe Lầy;Bắc Cáp;Nà Làng;Khe Tâm;Đồng Tán;Tân Hải;Cái Rồng;Pò Hèn;Đông Hải;Trà Cổ",
        "specs": [
            "202|III.1|Dược liệu|Ba kích tím Ba Chẽ;Ba kích ngâm mật ong",
            "202|II.1.b|Rượu|Rượu ba kích Ba Chẽ",
            "198|I.3.c|Sản xuất miến|Miến dong Bình Liêu",
            "198|III.3|Dược liệu|Tinh dầu hồi Bình Liêu",
            "193|I.3.d|Thủy sản|Chả mực Hạ Long;Chả mực giã tay Hạ Long",
            "203|I.3.d|Thủy sản|Sá sùng khô Vân Đồn",
            "203|I.4.a|Nước mắm|Nước mắm Cái Rồng",
            "203|I.1.b|Thủy sản|Hàu Vân Đồn",
            "199|I.1.b|Chăn nuôi|Gà Tiên Yên",
            "196|II.1.b|Rượu|Rượu mơ Yên Tử",
            "196|VI|Du lịch|Du lịch sinh thái Yên Tử",
            "205|IV.1|Gốm sứ|Gốm Đông Triều;Bình gốm Đông Triều",
            "201|I.5.a|Chè|Chè Đường Hoa Hải Hà",
            "207|I.3.d|Thủy sản|Mực một nắng Cô Tô",
            "206|I.3.b|Thực phẩm|Bánh gật gù Quảng Yên",
            "194|I.4.a|Nước mắm|Nước mắm Trà Cổ",
        ],
    },
    "68": {
        "target": 45,
        "area": "0263",
        "tax": "58",
        "hamlet": "Thôn",
        "hamlets": "Đa Lộc;Đa Thành;Lạc Thạnh;Phát Chi;Bon Đưng;Tân Hà;Hiệp Thạnh;Lộc Quý;Đạ Nghịt;K'Long",
        "specs": [
            "672|I.5.b|Atiso|Trà atiso túi lọc Đà Lạt;Trà hoa atiso Đà Lạt",
            "672|III.1|Dược liệu|Cao atiso Đà Lạt",
            "672|V.1|Hoa|Hoa cẩm tú cầu Đà Lạt;Hoa lan hồ điệp Đà Lạt;Hoa hồng Đà Lạt",
            "672|I.3.c|Nông sản chế biến|Hồng treo gió Đà Lạt;Mứt dâu tây Đà Lạt;Mứt hồng dẻo Đà Lạt",
            "672|I.1.a|Nông sản|Dâu tây Đà Lạt",
            "672:Xuân Trường|I.6|Cà phê|Cà phê Arabica Cầu Đất;Cà phê rang xay Cầu Đất",
            "672|II.1.b|Rượu vang|Rượu vang Đà Lạt",
            "673|I.5.a|Chè|Trà ô long Bảo Lộc;Trà B'Lao",
            "673|IV.2|Dệt lụa|Lụa tơ tằm Bảo Lộc",
            "679|I.6|Cà phê|Cà phê Di Linh;Cà phê Robusta Di Linh",
            "682|I.1.a|Nông sản|Sầu riêng Đạ Huoai",
            "675|IV.2|Dệt thổ cẩm|Thổ cẩm K'Ho Lạc Dương",
            "675|VI|Du lịch cộng đồng|Du lịch cộng đồng Langbiang",
            "676|I.3.c|Nông sản chế biến|Hạt mắc ca Lâm Hà",
            "676|I.2.b|Mật ong|Mật ong hoa cà phê Lâm Hà",
            "677|I.1.a|Nông sản|Cà chua bi Đơn Dương",
            "678|I.3.c|Nông sản chế biến|Chuối sấy dẻo Đức Trọng",
            "680|I.1.a|Nông sản|Bơ Bảo Lâm",
            "674|I.2.a|Lúa gạo|Gạo nếp Đam Rông",
        ],
    },
    "66": {
        "target": 42,
        "area": "0262",
        "tax": "60",
        "hamlet": "Buôn",
        "hamlets": "Trấp;Kô Sir;Ea Bông;Đôn;Jun;Ko Tam;Pốk;Tơng Jú;Ea Kmar;Dhăm",
        "specs": [
            "643|I.6|Cà phê|Cà phê Buôn Ma Thuột;Cà phê rang xay Buôn Ma Thuột;Cà phê phin giấy Buôn Ma Thuột",
            "643|I.6|Cà phê|Cà phê hòa tan Buôn Ma Thuột",
            "648,655|I.6|Ca cao|Ca cao Cư M'gar;Sô cô la Krông Ana",
            "654|I.1.a|Nông sản|Sầu riêng Krông Pắc;Sầu riêng Ri6 Krông Pắc",
            "648|I.4.b|Hồ tiêu|Hồ tiêu Cư M'gar;Tiêu đen Cư M'gar",
            "650|I.3.c|Nông sản chế biến|Hạt mắc ca Krông Năng",
            "643,648|I.2.b|Mật ong|Mật ong hoa cà phê Đắk Lắk",
            "656|I.2.a|Lúa gạo|Gạo Buôn Triết",
            "647|II.1.b|Rượu cần|Rượu cần Buôn Đôn",
            "647|VI|Du lịch|Du lịch sinh thái Buôn Đôn",
            "656|VI|Du lịch|Du lịch hồ Lắk",
            "643|IV.2|Dệt thổ cẩm|Thổ cẩm Ê Đê",
            "657|II.2.b|Đồ uống|Nước cốt chanh dây Cư Kuin",
            "645|I.6|Cà phê|Cà phê Ea H'leo",
            "651|I.1.a|Nông sản|Chuối Ea Kar",
        ],
    },
    "83": {
        "target": 42,
        "area": "0275",
        "tax": "13",
        "hamlet": "Ấp",
        "hamlets": "Phú Hòa;An Thạnh;Tân Định;Hòa Lợi;Phước Hậu;Thạnh Hưng;Giồng Lớn;Bình Thạnh;Tân Phong;Cồn Phụng",
        "specs": [
            "831,832,834|I.1.a|Bưởi|Bưởi da xanh Bến Tre;Bưởi da xanh Giồng Trôm;Bưởi da xanh Chợ Lách",
            "829,833|I.3.c|Kẹo dừa|Kẹo dừa Bến Tre;Kẹo dừa sầu riêng;Kẹo dừa lá dứa;Kẹo dừa Mỏ Cày",
            "838|I.3.c|Chế biến dừa|Thạch dừa Mỏ Cày Bắc",
            "833|III.2|Chế biến dừa|Dầu dừa nguyên chất Bến Tre",
            "829|IV.1|Thủ công mỹ nghệ|Bộ chén gáo dừa;Đồ thủ công mỹ nghệ từ dừa",
            "832|V.2|Hoa kiểng|Cây kiểng Cái Mơn;Mai vàng Chợ Lách",
            "832|I.1.a|Nông sản|Chôm chôm Chợ Lách",
            "835|I.4.a|Nước mắm|Nước mắm Bình Đại",
            "835|I.3.d|Thủy sản|Khô cá dứa Bình Đại",
            "836|I.3.d|Thủy sản|Tôm khô Ba Tri",
            "836|II.1.a|Rượu|Rượu Phú Lễ",
            "834|I.3.b|Thực phẩm|Bánh phồng Sơn Đốc;Bánh tráng Mỹ Lồng",
            "834|I.6|Ca cao|Ca cao Bến Tre;Sô cô la Bến Tre",
            "831|VI|Du lịch|Du lịch sinh thái Cồn Phụng",
            "837|I.1.b|Thủy sản|Tôm sú Thạnh Phú",
        ],
    },
    "19": {
        "target": 42,
        "area": "0208",
        "tax": "46",
        "hamlet": "Xóm",
        "hamlets": "Nam Đồng;Hồng Thái;Soi Mít;Gò Pháo;Trại Cài;Bờ Đậu;Làng Chè;Cây Thị;Khuôn Lân;La Bằng",
        "specs": [
            "164:Tân Cương|I.5.a|Chè|Chè Tân Cương;Chè búp Tân Cương;Chè tôm nõn Tân Cương;Chè đinh Tân Cương",
            "171:La Bằng|I.5.a|Chè|Chè La Bằng;Chè xanh Đại Từ",
            "169|I.5.a|Chè|Chè Trại Cài",
            "168|I.5.a|Chè|Chè Phú Lương",
            "167|I.5.a|Chè|Chè Định Hóa",
            "167|I.2.a|Lúa gạo|Gạo bao thai Định Hóa",
            "168|I.3.b|Thực phẩm|Bánh chưng Bờ Đậu",
            "170:La Hiên|I.1.a|Nông sản|Na La Hiên",
            "164:Linh Sơn|I.1.a|Nông sản|Ổi Linh Sơn",
            "173|I.1.b|Chăn nuôi|Gà đồi Phú Bình",
            "171|VI|Du lịch|Du lịch Hồ Núi Cốc",
            "170|III.1|Dược liệu|Cao giảo cổ lam Võ Nhai",
            "172|I.2.b|Mật ong|Mật ong Phổ Yên",
        ],
    },
    "08": {
        "target": 10,
        "area": "0207",
        "tax": "50",
        "hamlet": "Thôn",
        "hamlets": "Tân Lập;Cầu Bâm;Đồng Đài;Làng Chùa;Khuôn Hẻ;Lũng Búng",
        "specs": [
            "075|I.5.a|Chè|Chè Mỹ Bằng",
            "074|I.1.a|Nông sản|Cam sành Hàm Yên",
            "075|I.1.a|Nông sản|Bưởi Xuân Vân",
            "076:Tân Trào|VI|Du lịch|Du lịch cộng đồng Tân Trào",
            "073|I.3.b|Thực phẩm|Bánh gai Chiêm Hóa",
        ],
    },
}
DISTRICT_WEIGHT = {"218": 4, "643": 2, "164": 2, "018": 2, "672": 2}

# Products with fixed facts (sentinels and the re-certified product).
SPECIALS = [
    {
        "name": "Trà hoa vàng Ba Chẽ",
        "province": "22",
        "place": "202:Thanh Sơn",
        "category": "I.5.b",
        "sector": "Trà hoa vàng",
        "kind": "cooperative",
        "certs": [{"code": SENTINELS["revoked"], "stars": 4, "date": "2024-05-17", "fate": "revoked"}],
    },
    {
        "name": "Miến dong Sơn Dương",
        "province": "08",
        "place": "076:Hợp Thành",
        "category": "I.3.c",
        "sector": "Sản xuất miến",
        "kind": "cooperative",
        "certs": [{"code": SENTINELS["expired"], "stars": 3, "date": "2022-08-15", "fate": "expired"}],
    },
    {
        "name": "Na dai Lục Nam",
        "province": "24",
        "place": "218:Huyền Sơn",
        "category": "I.1.a",
        "sector": "Na dai",
        "kind": "cooperative",
        "product_code": SENTINELS["recertified_product_code"],
        "producer": {"code": "24-218-HTX-0003", "name": "Hợp tác xã Na dai Lục Nam", "hamlet": "Liên Khuyên"},
        "certs": [
            {"stars": 3, "date": "2022-07-08", "fate": "expired"},
            {"stars": 4, "date": "2025-08-14", "fate": "valid"},
        ],
    },
]

# National shares: producers by kind (Dec 2024: 32% HTX, 22% enterprises, 32% households), stars 3/4/5.
KIND_SHARES = {"cooperative": 16, "enterprise": 11, "cooperative_group": 7, "household": 16}
STAR_SHARES = {3: 65, 4: 28, 5: 7}
KIND_ABBR = {"cooperative": "HTX", "enterprise": "DN", "cooperative_group": "THT", "household": "HKD"}
PRODUCTS_PER_KIND = {
    "cooperative": [1, 1, 2, 2, 3, 4],
    "enterprise": [1, 2, 3, 3, 4, 5, 6],
    "cooperative_group": [1, 1, 2],
    "household": [1, 1, 1, 2],
}
BRANDS = [
    "Hảo Đạt",
    "Phúc Lộc",
    "Hưng Thịnh",
    "An Phú",
    "Minh Anh",
    "Tân Hương",
    "Bảo Ngọc",
    "Thành Công",
    "Hoàng Gia",
    "Việt Xanh",
    "Sơn Lâm",
    "Đại Dương",
    "Tâm An",
    "Kim Long",
    "Ngọc Lan",
    "Hải Đăng",
    "Thiên Phú",
    "Quang Minh",
    "Hòa Bình",
    "Đất Việt",
    "Xuân Mai",
    "Hồng Phát",
    "Trường Thịnh",
    "Lộc Phát",
    "Hương Quê",
    "Nắng Mới",
    "Mộc Sơn",
    "Thanh Bình",
    "Gia Khánh",
    "An Nhiên",
]
SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Vũ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Ngô",
    "Dương",
    "Lý",
    "Hà",
    "Nông",
    "Đinh",
]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thanh", "Hữu", "Ngọc", "Quang", "Thị Thu", "Xuân"]
GIVEN = [
    "Hùng",
    "Lan",
    "Hoa",
    "Dũng",
    "Tuấn",
    "Hương",
    "Thủy",
    "Bình",
    "Nam",
    "Sơn",
    "Hải",
    "Hằng",
    "Long",
    "Mai",
    "Phương",
    "Thắng",
    "Yến",
    "Cường",
    "Hạnh",
    "Tâm",
]
EDE_NAMES = ["H'Nhi Niê", "Y Khu Niê", "H'Linh Mlô", "Y Thuật Byă", "H'Yam Êban", "Y Bình Knul"]
STREETS = ["Lê Lợi", "Trần Hưng Đạo", "Nguyễn Trãi", "Hùng Vương", "Quang Trung", "Lý Thái Tổ", "Phan Đình Phùng"]
MOBILE = ["091", "094", "098", "097", "096", "086", "088", "083", "035", "036", "039", "077", "070"]
REVOKE_REASONS = [
    "Vi phạm quy định an toàn thực phẩm",
    "Sản phẩm không còn đáp ứng tiêu chuẩn chất lượng như khi được công nhận",
    "Thay đổi bao bì, nhãn mác không đúng hồ sơ đã được công nhận",
    "Chủ thể ngừng sản xuất, kinh doanh",
    "Không duy trì hồ sơ quản lý chất lượng và truy xuất nguồn gốc",
]
SUSPEND_REASONS = [
    "Tạm đình chỉ để kiểm tra chất lượng sản phẩm",
    "Chưa cập nhật hồ sơ truy xuất nguồn gốc",
    "Chủ thể tạm ngừng sản xuất để cải tạo cơ sở",
]
FATES = ["expired"] * 13 + ["revoked"] * 5 + ["suspended"] * 5 + ["low"] * 5
SCORES = {1: (15, 29), 2: (30, 49), 3: (50, 69), 4: (70, 89), 5: (90, 98)}

rng = random.Random(SEED)


def ascii_slug(text):
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text.lower() if c.isalnum() and ord(c) < 128)


def strip_kind(name, kind):
    return f"{kind.lower()} {name[len(kind) :].strip()}" if name.lower().startswith(kind.lower()) else name


def load_units():
    codes = ",".join(f"'{code}'" for code in PROVINCES)
    rows = query(
        "SELECT provinceCode, province, districtCode, district, districtType, wardCode, ward, wardType "
        f"FROM admin_units_legacy WHERE provinceCode IN ({codes}) AND wardCode IS NOT NULL ORDER BY wardCode"
    )
    units = defaultdict(list)
    for row in rows:
        province_kind = "thành phố" if row["province"].startswith("Thành phố") else "tỉnh"
        units[row["districtCode"]].append(
            {
                "province_code": row["provinceCode"],
                "province": strip_kind(row["province"], province_kind),
                "district_code": row["districtCode"],
                "district": strip_kind(row["district"], row["districtType"]),
                "ward_code": row["wardCode"],
                "ward": strip_kind(row["ward"], row["wardType"]),
                "urban": row["wardType"] != "Xã",
            }
        )
    return units


UNITS = load_units()
USED = set(SENTINELS.values()) | {"24-218-HTX-0003"}
SEQ = defaultdict(int)


def next_code(prefix, gap=3):
    while True:
        SEQ[prefix] += rng.randint(1, gap)
        code = f"{prefix}-{SEQ[prefix]:04d}"
        if code not in USED:
            USED.add(code)
            return code


def pick_unit(place):
    district, _, commune = place.partition(":")
    wards = UNITS[district]
    pinned = [w for w in wards if commune and w["ward"].endswith(" " + commune)]
    rural = [w for w in wards if not w["urban"]] or wards
    return pinned[0] if pinned else rng.choice(rural if rng.random() < 0.85 else wards)


def person(province):
    if province == "66" and rng.random() < 0.4:
        return rng.choice(EDE_NAMES)
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def phone(area, kind):
    if kind == "enterprise" or rng.random() < 0.15:  # a landline: 10 or 11 digits with the area code
        digits = "3" + "".join(str(rng.randint(0, 9)) for _ in range(10 - len(area)))
        return f"{area} {digits[:4]} {digits[4:]}"
    return f"{rng.choice(MOBILE)}{rng.randint(0, 9)} {rng.randint(100, 999)} {rng.randint(100, 999)}"


def make_producer(province, place, sector, kind, fixed=None):
    fixed = fixed or {}
    info, unit = PROVINCES[province], pick_unit(place)
    hamlet = fixed.get("hamlet") or rng.choice(info["hamlets"].split(";"))
    brand, owner = rng.choice(BRANDS), person(province)
    names = {
        "cooperative": [f"Hợp tác xã {sector} {brand}", f"Hợp tác xã Nông nghiệp {brand}"],
        "enterprise": [f"Công ty TNHH {sector} {brand}", f"Công ty Cổ phần {brand}", f"Công ty TNHH {brand}"],
        "cooperative_group": [f"Tổ hợp tác {sector.lower()} {info['hamlet'].lower()} {hamlet}"],
        "household": [f"Hộ kinh doanh {owner}"],
    }
    name = fixed.get("name") or rng.choice(names[kind])
    # What tells this producer's product apart from another producer's product of the same name.
    label = {"cooperative_group": hamlet, "household": owner.split(maxsplit=1)[-1]}.get(kind, brand)
    if not unit["urban"]:
        street = f"{info['hamlet']} {hamlet}"
    elif rng.random() < 0.5:
        street = f"Tổ dân phố {rng.randint(1, 12)}"
    else:
        street = f"Số {rng.randint(2, 180)} đường {rng.choice(STREETS)}"
    if kind in ("cooperative", "enterprise"):
        tax_code = info["tax"] + f"{rng.randint(0, 99999999):08d}"
    else:
        tax_code = f"8{rng.randint(0, 999999999):09d}" if rng.random() < 0.6 else None
    email = None
    if rng.random() < {"enterprise": 0.7, "cooperative": 0.4}.get(kind, 0.1):
        slug = {"cooperative": "htx", "household": "hkd"}.get(kind, "") + ascii_slug(label)
        # Reserved domains only (RFC 2606): demo notices must never reach a real mailbox.
        email = f"info@{slug}.vn.example" if kind == "enterprise" and rng.random() < 0.5 else f"{slug}@ocop.local"
    district = unit["district_code"]
    return {
        "code": fixed.get("code") or next_code(f"{province}-{district}-{KIND_ABBR[kind]}", gap=2),
        "name": name,
        "kind": kind,
        "tax_code": tax_code,
        "address": f"{street}, {unit['ward']}, {unit['district']}, {unit['province']}",
        "province_code": province,
        "district_code": district,
        "ward_code": unit["ward_code"],
        "phone": phone(info["area"], kind),
        "email": email,
        "label": label,
    }


def parse_spec(spec):
    places, category, sector, names = spec.split("|")
    return {"places": places.split(","), "category": category, "sector": sector, "names": names.split(";")}


def day(text):
    return dt.date.fromisoformat(text)


def random_day(lo, hi):
    while True:
        d = lo + dt.timedelta(days=rng.randint(0, (hi - lo).days))
        if d.weekday() < 5:
            return d


def moment(d, lo_days=0, hi_days=0):
    d = min(d + dt.timedelta(days=rng.randint(lo_days, hi_days)), TODAY - dt.timedelta(days=1))
    return dt.datetime(d.year, d.month, d.day, rng.randint(8, 16), rng.choice([0, 15, 30, 45]), tzinfo=TZ)


def plus_36_months(d):
    return d.replace(year=d.year + 3, day=28 if (d.month, d.day) == (2, 29) else d.day)


EVENTS = defaultdict(list)  # issuer -> [(date, decision number)]
EVENTS["national"] = [(day("2024-02-27"), "781/QĐ-BNN-KTHT"), (day("2025-06-26"), "2361/QĐ-BNNMT")]


def decision(issuer, lo, hi):
    """A decision of this issuer between lo and hi; certificates often share one."""
    found = [e for e in EVENTS[issuer] if lo <= e[0] <= hi]
    if found and rng.random() < (0.9 if issuer == "national" else 0.7):
        return rng.choice(found)
    d = random_day(lo, hi)
    if issuer == "national":
        number = f"{rng.randint(150, 3900)}/QĐ-{'BNN-KTHT' if d < day('2025-03-01') else 'BNNMT'}"
    else:
        number = f"{rng.randint(120, 4800)}/QĐ-UBND"
    EVENTS[issuer].append((d, number))
    return d, number


def certify(product, stars, fate, when=None):
    """A certificate for the product; ``fate`` is valid, expired, revoked, suspended or low (1–2★)."""
    producer = product["producer"]
    if when:
        lo = hi = when
    else:
        lo, hi = (day("2021-03-01"), day("2023-09-29")) if fate == "expired" else (day("2023-12-01"), day("2026-10-30"))
        hi = min(hi, day("2026-05-29")) if fate in ("revoked", "suspended") else hi
        when = random_day(lo, hi)
        lo, hi = max(lo, when - dt.timedelta(days=45)), min(hi, when + dt.timedelta(days=45))
    if stars == 5:
        level, issuer = "national", "national"
    elif stars <= 3 and when < DISTRICTS_ABOLISHED:
        level, issuer, hi = "district", producer["district_code"], min(hi, DISTRICTS_ABOLISHED - dt.timedelta(1))
    else:
        level, issuer = "province", producer["province_code"]
        lo = max(lo, DISTRICTS_ABOLISHED) if stars <= 3 else lo
    decided, number = decision(issuer, lo, hi)
    cert = {
        "certificate_code": None,
        "product_code": product["code"],
        "product_name": product["name"],
        "category_code": product["category"],
        "stars": stars,
        "level": level,
        "decision_number": number,
        "decision_date": decided.isoformat(),
        "valid_until": plus_36_months(decided).isoformat() if rng.random() < 0.85 else None,
        "status": "valid",
        "status_reason": None,
        "status_changed_at": None,
        "producer": producer,
        "updated_at": moment(decided, 1, 12).isoformat(),
    }
    if fate in ("revoked", "suspended"):
        changed = moment(decided, 60, (TODAY - decided).days - 3).isoformat()
        reason = rng.choice(REVOKE_REASONS if fate == "revoked" else SUSPEND_REASONS)
        cert.update(status=fate, status_reason=reason, status_changed_at=changed, updated_at=changed)
    elif rng.random() < 0.05:  # a later correction of the record
        cert["updated_at"] = moment(decided, 30, 400).isoformat()
    return cert


def deck(shares):
    """Draw from a shuffled deck holding each value ``share`` times: close to the shares, still random."""
    cards = []

    def draw():
        if not cards:
            cards.extend(value for value, share in shares.items() for _ in range(share))
            rng.shuffle(cards)
        return cards.pop()

    return draw


def build():
    names, products, certs = set(), [], []
    next_kind, next_stars = deck(KIND_SHARES), deck(STAR_SHARES)

    def add_product(producer, name, category, code=None):
        name = name if name not in names else f"{name} {producer['label']}"
        if name in names:
            return False
        names.add(name)
        code = code or next_code(f"{producer['province_code']}-{producer['district_code']}")
        products.append({"name": name, "category": category, "producer": producer, "code": code})
        return True

    for special in SPECIALS:
        place, kind = special["place"], special["kind"]
        producer = make_producer(special["province"], place, special["sector"], kind, special.get("producer"))
        add_product(producer, special["name"], special["category"], special.get("product_code"))
        product = products.pop()
        for spec in special["certs"]:
            cert = certify(product, spec["stars"], spec["fate"], day(spec["date"]))
            if spec["fate"] == "revoked":
                changed = "2026-03-12T09:30:00+07:00"
                cert.update(status_reason=REVOKE_REASONS[0], status_changed_at=changed, updated_at=changed)
            cert["certificate_code"] = spec.get("code")
            certs.append(cert)

    for province, info in PROVINCES.items():
        specs = [parse_spec(s) for s in info["specs"]]
        weights = [DISTRICT_WEIGHT.get(s["places"][0][:3], 1) for s in specs]
        queue, count = list(specs), 0  # every spec once, then at random
        while count < info["target"]:
            spec = queue.pop(0) if queue else rng.choices(specs, weights)[0]
            place = rng.choice(spec["places"])
            kind = next_kind()
            producer = make_producer(province, place, spec["sector"], kind)
            wanted = min(rng.choice(PRODUCTS_PER_KIND[kind]), info["target"] - count)
            # More products of one producer: its other names, then products of its district, then of its group.
            siblings = [s for s in specs if s is not spec and s["places"][0][:3] == place[:3]]
            rng.shuffle(siblings)
            siblings += [s for s in specs if s not in siblings and s is not spec and s["category"] == spec["category"]]
            choices = [(n, spec["category"]) for n in spec["names"]]
            choices += [(n, s["category"]) for s in siblings for n in s["names"][:2]]
            for name, category in choices[:wanted]:
                count += add_product(producer, name, category)

    fates = FATES + ["valid"] * (len(products) - len(FATES))
    rng.shuffle(fates)
    for product, fate in zip(products, fates, strict=True):
        certs.append(certify(product, rng.choice([1, 2, 2]) if fate == "low" else next_stars(), fate))
    return certs


def finish(certs):
    # Certificate numbers run per province and year in decision order, with gaps (the registry holds more).
    for cert in sorted(certs, key=lambda c: (c["decision_date"], c["product_code"])):
        if not cert["certificate_code"]:
            province, year = cert["producer"]["province_code"], cert["decision_date"][:4]
            cert["certificate_code"] = next_code(f"OCOP-{province}-{year}")
    # Ten single-product producers give only an address: the importer has to find the units.
    counts = Counter(c["producer"]["code"] for c in certs)
    lone = [c for c in certs if counts[c["producer"]["code"]] == 1 and c["producer"]["kind"] != "enterprise"]
    for i, cert in enumerate(rng.sample(lone, 10)):
        producer = cert["producer"] = dict(cert["producer"], province_code=None, district_code=None, ward_code=None)
        if i == 0:  # a partial address: district and province only
            producer["address"] = ", ".join(producer["address"].split(", ")[-2:])
    for cert in rng.sample(certs, 8):  # a field the contract does not know, which importers keep
        cert["score"] = rng.randint(*SCORES[cert["stars"]])
    for cert in certs:
        cert["producer"] = {k: v for k, v in cert["producer"].items() if k != "label"}
    return [nfc(c) for c in sorted(certs, key=lambda c: (c["updated_at"], c["certificate_code"]))]


def nfc(value):
    if isinstance(value, dict):
        return {k: nfc(v) for k, v in value.items()}
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


def is_expired(cert):
    until = cert["valid_until"] or plus_36_months(day(cert["decision_date"])).isoformat()
    return until < TODAY.isoformat()


def summary(certs):
    provinces = {units[0]["province_code"]: units[0]["province"] for units in UNITS.values()}
    producers = {c["producer"]["code"]: c["producer"] for c in certs}
    districts = {c["product_code"][:6] for c in certs}
    lines = [
        f"{len(certs)} certificates, {len({c['product_code'] for c in certs})} products, "
        f"{len(producers)} producers, {len(districts)} districts, {len(provinces)} provinces"
    ]
    facets = {
        "province": Counter(provinces[c["product_code"][:2]] for c in certs),
        "group": Counter(c["category_code"].split(".")[0] for c in certs),
        "stars": Counter(c["stars"] for c in certs),
        "status": Counter(c["status"] for c in certs),
        "level": Counter(c["level"] for c in certs),
        "producer kind": Counter(p["kind"] for p in producers.values()),
    }
    for facet, counter in facets.items():
        lines.append(f"  {facet}: " + ", ".join(f"{k} {v}" for k, v in sorted(counter.items(), key=lambda kv: -kv[1])))
    lines.append(
        f"  expired on {TODAY}: {sum(map(is_expired, certs))}; valid_until null: "
        f"{sum(c['valid_until'] is None for c in certs)}; producer unit codes null: "
        f"{sum(c['producer']['province_code'] is None for c in certs)}; extra field: {sum('score' in c for c in certs)}"
    )
    return "\n".join(lines)


def main():
    certs = finish(build())
    codes = [c["certificate_code"] for c in certs]
    assert len(codes) == len(set(codes)), "duplicate certificate codes"
    found = {
        "revoked": next(c["certificate_code"] for c in certs if c["product_name"] == "Trà hoa vàng Ba Chẽ"),
        "expired": next(c["certificate_code"] for c in certs if c["product_name"] == "Miến dong Sơn Dương"),
        "recertified_product_code": SENTINELS["recertified_product_code"],
    }
    assert found == SENTINELS, found
    OUTPUT.write_text(json.dumps(certs, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    SENTINELS_FILE.write_text(json.dumps(SENTINELS, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUTPUT.name} ({OUTPUT.stat().st_size // 1024} KB) and {SENTINELS_FILE.name}")
    print(summary(certs))


if __name__ == "__main__":
    main()
