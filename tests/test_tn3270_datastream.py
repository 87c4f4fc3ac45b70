"""The 3270 data-stream model against GA23-0059 (3270 Data Stream Programmer's Reference)."""

import pytest

from s370.tn3270 import datastream as ds
from s370.tn3270.datastream import DataStreamError, Screen, decode_address, encode_address


def e(text: str) -> bytes:
    return text.encode("cp037")


def sba(addr: int) -> bytes:
    return bytes([ds.ORDER_SBA]) + encode_address(addr)


# --- buffer addresses (GA23-0059 Appendix D, Figure D-1) ---------------------------------

@pytest.mark.parametrize("addr,encoded", [
    (0, b"\x40\x40"),          # row 1 col 1
    (1, b"\x40\xC1"),
    (63, b"\x40\x7F"),
    (64, b"\xC1\x40"),
    (80, b"\xC1\x50"),         # row 2 col 1: 80 = 1*64 + 16
    (1840, b"\x5C\xF0"),       # row 24 col 1: 0x730 -> 0x1C, 0x30
    (1919, b"\x5D\x7F"),       # last position of 24x80: 29*64 + 63
    (3563, b"\xF7\x6B"),       # last position of 27x132: 55*64 + 43
    (4095, b"\x7F\x7F"),
])
def test_twelve_bit_addresses(addr, encoded):
    assert encode_address(addr) == encoded
    assert decode_address(*encoded) == addr


def test_fourteen_bit_addresses_are_recognised_by_the_top_bits():
    assert decode_address(0x07, 0x30) == 1840          # bits 0-1 = 00: binary
    assert decode_address(0x00, 0x00) == 0
    assert decode_address(0x3F, 0xFF) == 16383
    assert encode_address(5000, 16384) == bytes([5000 >> 8, 5000 & 0xFF])


def test_code_table_low_six_bits_are_the_value_and_all_are_graphics():
    assert len(ds.CODE_TABLE) == 64 and len(set(ds.CODE_TABLE)) == 64
    for value, byte in enumerate(ds.CODE_TABLE):
        assert byte & 0x3F == value
        assert byte >> 6 in (1, 3)                 # never the binary (00) form
        assert bytes([byte]).decode("cp037").isprintable()


def test_every_12bit_address_round_trips():
    for a in range(4096):
        assert decode_address(*encode_address(a)) == a


# --- Erase/Write, orders ---------------------------------------------------------------------

def formatted_screen() -> Screen:
    """Row 1: protected 'NAME:' then an unprotected 10-char field; row 2: protected text."""
    s = Screen(2)
    s.write(bytes([0xC3]) + sba(0) + bytes([ds.ORDER_SF, 0x60]) + e("NAME:")
            + bytes([ds.ORDER_SF, 0x40, ds.ORDER_IC]) + sba(17) + bytes([ds.ORDER_SF, 0x60])
            + sba(80) + bytes([ds.ORDER_SF, 0xE8]) + e("HELLO"), erase=True)
    return s


def test_erase_write_builds_fields_and_cursor():
    s = formatted_screen()
    assert (s.rows, s.cols) == (24, 80)
    assert s.field_addresses() == [0, 6, 17, 80]
    assert s.attr[0] == 0x20 and s.attr[6] == 0x00 and s.attr[80] == 0x28
    assert s.cursor == 7                     # IC after the unprotected field's attribute
    assert s.text_lines()[0].startswith(" NAME:")
    assert s.text_lines()[1].startswith(" HELLO")
    assert not s.is_protected(7) and s.is_protected(1) and s.is_protected(6)
    assert s.keyboard_locked is False        # WCC C3: keyboard restore


def test_write_starts_at_the_cursor_and_overwrites():
    s = formatted_screen()
    s.write(bytes([0xC1]) + e("ABC"))
    assert bytes(s.chars[7:10]) == e("ABC")
    assert s.attr[6] == 0                    # WCC reset MDT; attribute untouched


def test_data_over_an_attribute_removes_the_field():
    s = formatted_screen()
    s.write(bytes([0x40]) + sba(6) + e("X"))
    assert s.attr[6] is None and 6 not in s.field_addresses()


def test_repeat_to_address_fills_up_to_but_not_including_the_stop():
    s = Screen(2)
    s.write(bytes([0x40]) + sba(10) + bytes([ds.ORDER_RA]) + encode_address(15) + e("*")
            + e("!"), erase=True)
    assert bytes(s.chars[9:17]) == b"\x00" + e("*****!") + b"\x00"


def test_repeat_to_address_equal_to_current_fills_the_whole_buffer():
    s = Screen(2)
    s.write(bytes([0x40]) + sba(100) + bytes([ds.ORDER_RA]) + encode_address(100) + e("-"),
            erase=True)
    assert bytes(s.chars) == e("-") * 1920


def test_repeat_to_address_wraps():
    s = Screen(2)
    s.write(bytes([0x40]) + sba(1918) + bytes([ds.ORDER_RA]) + encode_address(2) + e("Z"),
            erase=True)
    assert bytes(s.chars[1918:]) == e("ZZ") and bytes(s.chars[:3]) == e("ZZ") + b"\x00"


def test_repeat_with_graphic_escape_character():
    s = Screen(2)
    s.write(bytes([0x40, ds.ORDER_RA]) + encode_address(3) + bytes([ds.ORDER_GE, 0xAD]),
            erase=True)
    assert bytes(s.chars[:4]) == b"\xAD\xAD\xAD\x00"


def test_erase_unprotected_to_address_keeps_protected_fields():
    s = formatted_screen()
    s.write(bytes([0x40]) + sba(7) + e("JOHN") + sba(81) + e("J"))
    s.write(bytes([0x40]) + sba(0) + bytes([ds.ORDER_EUA]) + encode_address(90))
    assert bytes(s.chars[7:11]) == b"\x00" * 4           # unprotected: erased
    assert bytes(s.chars[1:6]) == e("NAME:")             # protected: kept
    assert bytes(s.chars[81:86]) == e("JELLO")


def test_program_tab_moves_to_next_unprotected_field():
    s = formatted_screen()
    s.write(bytes([0x40]) + sba(0) + bytes([ds.ORDER_PT]) + e("Q"))
    assert s.chars[7] == e("Q")[0]


def test_program_tab_after_data_nulls_rest_of_field():
    s = formatted_screen()
    s.write(bytes([0x40]) + sba(7) + e("ABCDEFGHIJ"))
    s.write(bytes([0x40]) + sba(7) + e("XY") + bytes([ds.ORDER_PT]))
    assert bytes(s.chars[7:17]) == e("XY") + b"\x00" * 8


def test_program_tab_without_unprotected_field_goes_to_zero():
    s = Screen(2)
    s.write(bytes([0x40]) + sba(0) + bytes([ds.ORDER_SF, 0x60]) + sba(100)
            + bytes([ds.ORDER_PT]) + e("W"), erase=True)
    assert s.chars[0] == e("W")[0] and s.attr[0] is None   # 'W' written over the attribute at 0


def test_start_field_extended_takes_the_c0_attribute():
    s = Screen(2)
    s.write(bytes([0x40, ds.ORDER_SFE, 2, 0xC0, 0x60, 0x42, 0xF2]) + e("AB"), erase=True)
    assert s.attr[0] == 0x20 and s.extended[0] == {0x42: 0xF2}
    assert bytes(s.chars[1:3]) == e("AB")


def test_modify_field_changes_attribute_and_rejects_non_attribute():
    s = formatted_screen()
    s.write(bytes([0x40]) + sba(6) + bytes([ds.ORDER_MF, 1, 0xC0, 0x61]))
    assert s.attr[6] == 0x21
    with pytest.raises(DataStreamError):
        s.write(bytes([0x40]) + sba(7) + bytes([ds.ORDER_MF, 1, 0xC0, 0x60]))


def test_set_attribute_is_accepted_and_does_not_occupy_a_position():
    s = Screen(2)
    s.write(bytes([0x40, ds.ORDER_SA, 0x42, 0xF2]) + e("R"), erase=True)
    assert s.chars[0] == e("R")[0]


def test_invalid_buffer_address_is_an_error():
    s = Screen(2)
    with pytest.raises(DataStreamError):
        s.write(bytes([0x40]) + sba(1920), erase=True)     # one past 24x80
    with pytest.raises(DataStreamError):
        s.write(bytes([0x40, ds.ORDER_SBA, 0x40]))          # truncated


def test_wcc_bits():
    s = formatted_screen()
    s.write(bytes([0x40]) + sba(7) + e("A"))
    s.apply_inbound(bytes([ds.AID_ENTER]) + encode_address(8) + sba(7) + e("A"))
    assert s.attr[6] & ds.FA_MDT and s.keyboard_locked and s.aid == ds.AID_ENTER
    s.write(bytes([0x40 | ds.WCC_SOUND_ALARM]))
    assert s.alarm and s.keyboard_locked and s.attr[6] & ds.FA_MDT
    s.write(bytes([0x40 | ds.WCC_RESET_MDT]))
    assert not s.attr[6] & ds.FA_MDT and s.keyboard_locked
    s.write(bytes([0x40 | ds.WCC_KEYBOARD_RESTORE]))
    assert not s.keyboard_locked and s.aid == ds.AID_NONE


def test_erase_write_alternate_uses_the_model_size():
    for model, size in [(2, (24, 80)), (3, (32, 80)), (4, (43, 80)), (5, (27, 132))]:
        s = Screen(model)
        s.write(bytes([0x40]) + sba(size[0] * size[1] - 1) + e("E"), erase=True, alternate=True)
        assert (s.rows, s.cols) == size and s.chars[-1] == e("E")[0]
        s.write(bytes([0x40]), erase=True)
        assert (s.rows, s.cols) == (24, 80) and s.size == 1920


# --- inbound -----------------------------------------------------------------------------

def test_read_modified_sends_modified_fields_with_nulls_suppressed():
    s = formatted_screen()
    # program-set MDT on the protected 'HELLO' field: attribute byte C9 = prot+intens+MDT
    s.write(bytes([0x40]) + sba(80) + bytes([ds.ORDER_SF, 0xE9]))
    s.apply_inbound(bytes([ds.AID_ENTER]) + encode_address(10) + sba(7) + e("BOB"))
    assert s.read_modified() == (bytes([0x7D]) + encode_address(10)
                                 + sba(7) + e("BOB") + sba(81) + e("HELLO"))


def test_read_modified_without_aid_and_without_modified_fields():
    s = formatted_screen()
    assert s.read_modified() == bytes([0x60]) + encode_address(7)


@pytest.mark.parametrize("aid", [ds.AID_PA1, ds.AID_PA2, ds.AID_PA3, ds.AID_CLEAR])
def test_short_read_for_pa_keys_and_clear(aid):
    s = formatted_screen()
    s.write(bytes([0x40]) + sba(6) + bytes([ds.ORDER_SF, 0x41]))
    s.apply_inbound(bytes([aid]))
    assert s.read_modified() == bytes([aid])
    assert s.read_modified(all_fields=True)[0] == aid


def test_read_modified_all_sends_fields_even_for_pa():
    s = formatted_screen()
    s.write(bytes([0x40]) + sba(6) + bytes([ds.ORDER_SF, 0x41]) + e("XY"))
    s.apply_inbound(bytes([ds.AID_PA2]))
    assert s.read_modified(all_fields=True) == bytes([0x6E]) + encode_address(7) + sba(7) + e("XY")


def test_clear_erases_and_returns_to_default_size():
    s = Screen(4)
    s.write(bytes([0x40]) + e("TEXT"), erase=True, alternate=True)
    s.apply_inbound(bytes([ds.AID_CLEAR]))
    assert (s.rows, s.cols) == (24, 80) and not any(s.chars) and s.cursor == 0


def test_unformatted_read_modified_sends_all_data_without_sba():
    s = Screen(2)
    s.write(bytes([0x40]) + e("AB") + sba(100) + e("C"), erase=True)
    s.apply_inbound(bytes([ds.AID_PF[2]]) + encode_address(5))   # PF3
    assert s.read_modified() == bytes([0xF3]) + encode_address(5) + e("ABC")


def test_read_buffer_sends_every_position_and_attributes_as_sf():
    s = Screen(2)
    s.write(bytes([0x40, ds.ORDER_SF, 0x60]) + e("A") + bytes([ds.ORDER_SF, 0xC1]), erase=True)
    rb = s.read_buffer()
    assert rb[:3] == bytes([0x60]) + encode_address(0)
    assert rb[3:9] == bytes([ds.ORDER_SF, 0x60]) + e("A") + bytes([ds.ORDER_SF, 0xC1, 0x00])
    assert len(rb) == 3 + 1920 + 2                # one SF order byte per attribute


def test_erase_all_unprotected():
    s = formatted_screen()
    s.apply_inbound(bytes([ds.AID_ENTER]) + encode_address(10) + sba(7) + e("BOB"))
    s.erase_all_unprotected()
    assert not any(s.chars[7:17]) and not s.attr[6] & ds.FA_MDT
    assert bytes(s.chars[1:6]) == e("NAME:") and s.cursor == 7
    assert not s.keyboard_locked and s.aid == ds.AID_NONE


def test_parse_inbound_and_bad_inbound():
    aid, cur, fields = ds.parse_inbound(bytes([0x7D]) + encode_address(3) + sba(7) + e("A") + sba(20))
    assert (aid, cur, fields) == (0x7D, 3, [(7, e("A")), (20, b"")])
    assert ds.parse_inbound(b"\x6C") == (0x6C, None, [])
    s = formatted_screen()
    with pytest.raises(DataStreamError):
        s.apply_inbound(bytes([0x7D]) + encode_address(3) + bytes([ds.ORDER_SBA, 0x40]))
    with pytest.raises(DataStreamError):
        s.apply_inbound(bytes([0x7D]) + b"\x7F\x7F")             # cursor 4095 outside 24x80
