"""The VietQR payload: byte for byte what public implementations publish, read back field by
field by a parser of the tests' own (which re-checks the CRC with its own bit-by-bit CRC), and
every value a bank would refuse is refused before a code is printed."""

import binascii
import re
from decimal import Decimal

import pytest

from marketplace.payment.vietqr import InvalidPayload, crc16, payload

# Published sample strings, with where they are published:
# - NAPAS's own examples (QR format specification v1.5.2, section 6.1), as quoted by the
#   compliance tests of github.com/binhnguyenduc/vietqr-ts (tests/compliance/napas-*.test.ts):
#   static to an account (F4E5), static to a card (4F52), dynamic to an account with a bill
#   number and a purpose (2E2E), dynamic to a card (A203);
# - github.com/xuannghia/vietnam-qr-pay, README.md ("VietQR Tĩnh", "VietQR Động", "Decode"):
#   ACB 970416, account 257678859, 10000 đồng, purpose "Chuyen tien";
# - github.com/liopayvn/vietqr-php, README.md (QRIBFTBuilder, "Build an Inter-Bank Fund
#   Transfer QR Code"): Vietcombank 970436, account 1017595600, 180000, "thanh toan don hang".
# NAPAS's static example to an account is inconsistent as published: its account field says 12
# characters and holds 13 (its dynamic twin says 13). Its CRC is right; it is not read back.
NAPAS_STATIC_ACCOUNT = "00020101021138570010A00000072701270006970403011200110123456780208QRIBFTTA53037045802VN6304F4E5"
NAPAS_STATIC_CARD = "00020101021138600010A00000072701300006970403011697040311012345670208QRIBFTTC53037045802VN63044F52"
NAPAS_DYNAMIC_ACCOUNT = (
    "00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA530370454061800005802VN"
    "62340107NPS68690819thanh toan don hang63042E2E"
)
NAPAS_DYNAMIC_CARD = (
    "00020101021238600010A00000072701300006970403011697040311012345670208QRIBFTTC530370454061800005802VN"
    "62340107NPS68690819thanh toan don hang6304A203"
)
QRPAY_STATIC = "00020101021138530010A0000007270123000697041601092576788590208QRIBFTTA53037045802VN6304AE9F"
QRPAY_DYNAMIC = (
    "00020101021238530010A0000007270123000697041601092576788590208QRIBFTTA53037045405100005802VN"
    "62150811Chuyen tien630453E6"
)
QRPAY_DECODED = (
    "00020101021238530010A0000007270123000697041601092576788590208QRIBFTTA5303704540410005802VN"
    "62150811Chuyen tien6304BBB8"
)
LIOPAY_IBFT = (
    "00020101021238540010A00000072701240006970436011010175956000208QRIBFTTA530370454061800005802VN"
    "62230819thanh toan don hang630470FA"
)
PUBLISHED = [
    NAPAS_STATIC_ACCOUNT,
    NAPAS_STATIC_CARD,
    NAPAS_DYNAMIC_ACCOUNT,
    NAPAS_DYNAMIC_CARD,
    QRPAY_STATIC,
    QRPAY_DYNAMIC,
    QRPAY_DECODED,
    LIOPAY_IBFT,
]


def crc_bit_by_bit(data):
    """CRC-16/CCITT-FALSE written out from its definition (poly 0x1021, init 0xFFFF, no
    reflection, no final XOR), independent of the code under test."""
    crc = 0xFFFF
    for byte in data.encode("ascii"):
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return f"{crc:04X}"


def tlv_fields(text):
    """``[(tag, value)]`` of a TLV string, in order; every length must fit exactly."""
    fields, at = [], 0
    while at < len(text):
        tag, length = text[at : at + 2], text[at + 2 : at + 4]
        assert tag.isdigit() and length.isdigit(), f"not TLV at {at}: {text[at:]!r}"
        value = text[at + 4 : at + 4 + int(length)]
        assert len(value) == int(length), f"field {tag} is cut short"
        fields.append((tag, value))
        at += 4 + int(length)
    return fields


def read_back(qr):
    """A VietQR string as nested dicts, once its CRC (field 63, last) is checked."""
    fields = tlv_fields(qr)
    assert fields[-1][0] == "63" and len(fields[-1][1]) == 4, "the CRC must be the last field"
    assert qr[-8:-4] == "6304"
    assert crc_bit_by_bit(qr[:-4]) == fields[-1][1], "CRC mismatch"
    read = dict(fields)
    assert len(read) == len(fields), "a tag appears twice"
    merchant = dict(tlv_fields(read["38"]))
    merchant["01"] = dict(tlv_fields(merchant["01"]))
    read["38"] = merchant
    if "62" in read:
        read["62"] = dict(tlv_fields(read["62"]))
    return read, [tag for tag, _value in fields]


def test_the_crc_matches_every_published_sample():
    for sample in PUBLISHED:
        assert crc16(sample[:-4]) == crc_bit_by_bit(sample[:-4]) == sample[-4:], sample
        if sample != NAPAS_STATIC_ACCOUNT:
            read_back(sample)  # and each parses as nested TLV
    with pytest.raises(AssertionError, match="not TLV"):
        read_back(NAPAS_STATIC_ACCOUNT)


def test_the_payload_is_byte_for_byte_the_published_dynamic_transfers():
    assert payload("970416", "257678859", 10000, "Chuyen tien") == QRPAY_DYNAMIC
    assert payload("970436", "1017595600", 180000, "thanh toan don hang") == LIOPAY_IBFT


def test_every_field_reads_back_as_napas_describes_it():
    qr = payload("970436", "0011001234567", 1_250_000, "100123")
    read, order = read_back(qr)
    assert order == ["00", "01", "38", "53", "54", "58", "62", "63"]  # no merchant name or city for a transfer
    assert read["00"] == "01"
    assert read["01"] == "12"  # dynamic: for this payment, with its amount
    assert read["38"] == {"00": "A000000727", "01": {"00": "970436", "01": "0011001234567"}, "02": "QRIBFTTA"}
    assert (read["53"], read["54"], read["58"]) == ("704", "1250000", "VN")
    assert read["62"] == {"08": "100123"}
    assert read["63"] == crc_bit_by_bit(qr[:-4]) and re.fullmatch("[0-9A-F]{4}", read["63"])
    assert qr == qr.encode("ascii").decode("ascii")


def test_a_changed_character_breaks_the_crc():
    qr = payload("970436", "0011001234567", 120000, "100123")
    tampered = qr.replace("5406120000", "5406920000")
    with pytest.raises(AssertionError, match="CRC mismatch"):
        read_back(tampered)
    assert binascii.crc_hqx(tampered[:-4].encode(), 0xFFFF) != int(qr[-4:], 16)


def test_the_limits_themselves_are_accepted():
    read, _order = read_back(payload("970436", "A" * 9 + "1" * 10, 10**13 - 1, "Z" + "9" * 23 + "Z"))
    assert read["38"]["01"]["01"] == "AAAAAAAAA1111111111" and read["54"] == "9999999999999"
    assert read["62"]["08"] == "Z" + "9" * 23 + "Z"
    assert read_back(payload("970436", "1", 1, "1"))[0]["54"] == "1"
    assert read_back(payload("970436", "1", 1, "DH-100.123_A b"))[0]["62"]["08"] == "DH-100.123_A b"


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        ({"bank_bin": "97043"}, "bank BIN '97043': 6 digits"),
        ({"bank_bin": "9704361"}, "bank BIN"),
        ({"bank_bin": "97043a"}, "bank BIN"),
        ({"bank_bin": "٩٧٠٤٣٦"}, "bank BIN"),  # Arabic-Indic digits are digits to Python, not to a bank
        ({"bank_bin": 970436}, "bank BIN"),
        ({"account": ""}, "account number '': 1 to 19"),
        ({"account": "0011 0012"}, "account number"),
        ({"account": "Tài khoản"}, "account number"),
        ({"account": "1" * 20}, "account number"),
        ({"account": "123-456"}, "account number"),
        ({"amount": 0}, "amount 0: a whole number of đồng"),
        ({"amount": -120000}, "amount"),
        ({"amount": 10**13}, "amount"),
        ({"amount": 1.5}, "amount"),
        ({"amount": 120000.0}, "amount"),
        ({"amount": Decimal("120000")}, "amount"),
        ({"amount": "120000"}, "amount"),
        ({"amount": True}, "amount"),
        ({"note": ""}, "transfer note '': 1 to 25 letters"),
        ({"note": "Đơn hàng 100123"}, "without diacritics"),
        ({"note": "x" * 26}, "transfer note"),
        ({"note": " 100123"}, "transfer note"),
        ({"note": "100123 "}, "transfer note"),
        ({"note": "100123\n"}, "transfer note"),
        ({"note": "100#123"}, "transfer note"),
        ({"note": "100123\x00"}, "transfer note"),
        ({"note": None}, "transfer note"),
    ],
)
def test_values_a_bank_would_refuse_are_refused(changes, says):
    values = {"bank_bin": "970436", "account": "0011001234567", "amount": 120000, "note": "100123"} | changes
    with pytest.raises(InvalidPayload) as refused:
        payload(**values)
    assert says in str(refused.value)
