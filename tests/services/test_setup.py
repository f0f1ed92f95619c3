"""First-run set-up: when a counter counts as set up, the plan's checks, and applying it."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.domain.errors import DomainError, ValidationFailed
from app.domain.roles import PermissionDenied, Role
from app.domain.setup import OfficeDetails, SetupPlan, parent_name_for, suggested_office_name
from app.services import accounts
from app.services.intake import receive_dossier
from app.services.setup import (
    COUNTER_NAME_KEY,
    DEMO,
    SETUP_KEY,
    apply_setup,
    counter_name,
    is_set_up,
    mark_set_up,
    office_settings,
    save_office_settings,
    validate_plan,
)
from app.services.workstation import configure_office

OFFICE = OfficeDetails(
    name="Bưu điện văn hóa xã Cẩm Bình",
    unit_code="000.00.07.h42",
    province="Hà Tĩnh",
    commune="Cẩm Bình",
    address="Thôn Trung, xã Cẩm Bình",
    phone="0239 3861 234",
)
PLAN = SetupPlan(
    office=OFFICE,
    counter_name="Quầy tiếp nhận 2",
    admin_username="Lan.Nguyen",
    admin_name="Nguyễn Thị Lan",
    admin_secret="Bưu điện 2027",
    admin_secret_again="Bưu điện 2027",
)


def test_a_fresh_counter_is_not_set_up_until_marked(ws) -> None:
    assert not is_set_up(ws)
    mark_set_up(ws, DEMO)
    assert is_set_up(ws)
    assert ws.setting(SETUP_KEY) == DEMO


@pytest.mark.parametrize("what", ["dossier", "account", "office"])
def test_counters_in_use_before_the_wizard_count_as_set_up(ws, request_for, what) -> None:
    # An upgrade must not greet a working counter with the first-run wizard.
    if what == "dossier":
        receive_dossier(ws, request_for())
    elif what == "account":
        accounts.create_account(ws, "admin", "Trần Quản Trị", "admin", "Mật khẩu tốt 1")
    else:
        configure_office(ws, unit_code="000.00.04.H40")
    assert is_set_up(ws)
    assert ws.setting(SETUP_KEY) is None  # only read, never written


def test_apply_stores_everything_and_signs_the_administrator_in(ws) -> None:
    printers = {"print.printer.form": "HP LaserJet", "print.printer.label": ""}
    session = apply_setup(ws, PLAN, extra_settings=printers)
    assert (session.username, session.role) == ("lan.nguyen", Role.ADMIN)
    assert ws.session == session
    office = ws.office
    assert office.unit_code == "000.00.07.H42"
    assert office.name == "Bưu điện văn hóa xã Cẩm Bình"
    assert office.parent_name == "BƯU ĐIỆN TỈNH HÀ TĨNH"
    assert (office.province, office.commune) == ("Hà Tĩnh", "Cẩm Bình")
    assert office.phone == "0239 3861 234"
    assert counter_name(ws) == "Quầy tiếp nhận 2"
    assert ws.setting("print.printer.form") == "HP LaserJet"
    assert is_set_up(ws)
    assert str(ws.setting(SETUP_KEY)).startswith("2027-02-03T10:00:00")
    [admin] = accounts.list_accounts(ws)
    assert admin.display_name == "Nguyễn Thị Lan"
    types = [r[0] for r in ws.db.execute("SELECT type FROM events ORDER BY rowid")]
    assert types[-4:] == ["office.configured", "account.created", "device.set_up", "auth.signed_in"]


def test_a_bad_plan_stores_nothing_and_names_every_field(ws) -> None:
    bad = replace(
        PLAN,
        office=replace(OFFICE, unit_code="000.00.4.H42", commune=" "),
        counter_name="",
        admin_username="Lan Nguyen",
        admin_secret="123456",
        admin_secret_again="123456",
    )
    fields = [e.field for e in validate_plan(bad)]
    assert fields == ["unit_code", "commune", "counter_name", "admin_username", "admin_secret"]
    with pytest.raises(ValidationFailed):
        apply_setup(ws, bad)
    assert not is_set_up(ws)
    assert accounts.needs_first_admin(ws)
    assert ws.setting("office") == {}


def test_passwords_must_match(ws) -> None:
    fields = [e.field for e in validate_plan(replace(PLAN, admin_secret_again="Bưu điện 2028"))]
    assert fields == ["admin_secret_again"]


def test_a_failure_half_way_rolls_the_whole_set_up_back(ws, monkeypatch) -> None:
    def refuse(*_args, **_kwargs):
        raise DomainError("Tên đăng nhập lan.nguyen đã có. Chọn tên khác.")

    monkeypatch.setattr(accounts, "create_account", refuse)
    with pytest.raises(DomainError):
        apply_setup(ws, PLAN, extra_settings={"print.printer.form": "HP"})
    assert ws.setting("office") == {}
    assert ws.setting(COUNTER_NAME_KEY) is None
    assert ws.setting("print.printer.form") is None
    assert not is_set_up(ws)


def test_the_wizard_cannot_run_again_once_accounts_exist(ws) -> None:
    accounts.create_account(ws, "admin", "Trần Quản Trị", "admin", "Mật khẩu tốt 1")
    with pytest.raises(DomainError, match="đã có tài khoản"):
        apply_setup(ws, PLAN)


def test_office_names_follow_the_province_and_commune() -> None:
    assert parent_name_for("Huế") == "BƯU ĐIỆN THÀNH PHỐ HUẾ"
    assert parent_name_for(" Quảng Trị ") == "BƯU ĐIỆN TỈNH QUẢNG TRỊ"
    assert suggested_office_name("Kỳ Bắc") == "Bưu điện văn hóa xã Kỳ Bắc"
    assert suggested_office_name("") == ""


def test_settings_change_the_office_and_need_a_supervisor_once_accounts_exist(ws) -> None:
    counter_office = replace(OFFICE, phone="")
    saved = save_office_settings(ws, counter_office, "Quầy 3")  # no accounts: open
    assert saved.office.unit_code == "000.00.07.H42"
    assert saved.counter_name == "Quầy 3"
    assert office_settings(ws) == saved
    accounts.create_account(ws, "admin", "Trần Quản Trị", "admin", "Mật khẩu tốt 1")
    with pytest.raises(PermissionDenied, match="Cần đăng nhập"):
        save_office_settings(ws, counter_office, "Quầy 4")
    accounts.sign_in(ws, "admin", "Mật khẩu tốt 1")
    accounts.create_account(ws, "an", "Lê Văn An", "counter", "Mật khẩu tốt 2")
    accounts.sign_in(ws, "an", "Mật khẩu tốt 2")
    with pytest.raises(PermissionDenied, match="không được sửa"):
        save_office_settings(ws, counter_office, "Quầy 4")
    accounts.sign_in(ws, "admin", "Mật khẩu tốt 1")
    assert save_office_settings(ws, counter_office, "Quầy 4").counter_name == "Quầy 4"
    with pytest.raises(ValidationFailed) as bad:
        save_office_settings(ws, replace(counter_office, unit_code="H42"), "Quầy 4")
    assert [e.field for e in bad.value.errors] == ["unit_code"]
