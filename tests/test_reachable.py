"""DESIGN.md promises that every change a user can make in the browser is also reachable from the CLI or the JSON
API, through the same domain function. This test holds the map from each page that changes data to its
counterparts and checks both ends: a new changing page without a counterpart fails here, and so does a
counterpart that no longer exists (a renamed command or operation)."""

from __future__ import annotations

import click

# page endpoint -> its counterparts: "cli:<group> <command>" or "api:<operation id>".
COUNTERPARTS: dict[str, tuple[str, ...]] = {
    "tokens.tokens": ("cli:token create",),
    "tokens.revoke": ("cli:token revoke",),
    "admin.new_organisation": ("cli:org create",),
    "admin.sign_in_policy": ("cli:org password-login", "cli:org mfa"),
    "admin.members": ("cli:user create", "cli:user invite"),
    "admin.set_member_active": ("cli:user activate", "cli:user deactivate"),
    "admin.change_role": ("cli:user create",),
    "admin.remove_member": ("cli:user remove",),
    "admin.settings": ("cli:org set",),
    "admin.mail_domains": ("cli:org set",),
    "admin.withdraw_invitation": ("cli:user uninvite",),
    "plan.new_action": ("api:create_action",),
    "plan.edit_action": ("api:change_action",),
    "plan.import_file": ("cli:actions import",),
    "plan.save_import": ("cli:actions import",),
    "plan.close_all": ("cli:actions backfill",),
    "board.new_member": ("api:add_board_member",),
    "board.new_training": ("api:record_board_training",),
    "findings.new": ("cli:findings add",),
    "findings.response": ("api:respond_to_finding", "cli:findings respond"),
    "answers.remove": ("api:remove_evidence", "cli:evidence remove"),
    "answers.save": ("api:change_answer", "api:create_answer"),
    "answers.add_evidence": ("api:upload_evidence", "api:add_link", "cli:evidence add"),
    "answers.import_xlsx": ("cli:answers import",),
    "answers.save_import": ("cli:answers import",),
    "catalogue.manage": ("cli:catalogue load",),
    "catalogue.texts": ("cli:catalogue overlay",),
    "catalogue.remove_texts": ("cli:catalogue overlay",),
    "sharing.save": ("cli:shared offer", "cli:shared withdraw"),
    "approvals.decide": ("api:approve", "api:reject", "cli:approvals approve", "cli:approvals reject"),
    "approvals.settings": ("cli:approvals policy",),
    "approvals.adoption": ("cli:approvals adopt",),
    "approvals.adopted_report": ("cli:report make",),
    "reminders.preferences": ("cli:reminders set",),
    "incidents.new": ("api:create_incident", "cli:incidents add"),
    "incidents.edit": ("api:change_incident",),
    "incidents.add_message": ("api:record_message",),
    "suppliers.new_supplier": ("api:create_supplier",),
    "suppliers.edit_supplier": ("api:change_supplier",),
    "suppliers.evidence": ("api:add_supplier_evidence",),
    "pc.new_moment": ("cli:risks moment",),
    "pc.edit_moment": ("cli:risks moment-set",),
    "pc.snapshot": ("api:take_pc_snapshot", "cli:risks snapshot"),
    "pc.budget_figures": ("api:enter_pc_budget_figures", "cli:risks pc-figures"),
    "schedules.index": ("cli:schedule add",),
    "schedules.edit": ("cli:schedule set",),
    "schedules.toggle": ("cli:schedule on", "cli:schedule off"),
    "reports.new": ("api:make_report", "cli:report make"),
    "admin.publication": ("api:change_publication", "cli:org set"),
    "ensia.year_page": ("cli:ensia set",),
    "together.copy_confirm": ("api:copy_answers", "cli:answers copy"),
    "reports.verify": ("cli:verify",),
    "reports.check_copy": ("api:check_report", "cli:report verify"),
    "risks.new_risk": ("api:create_risk",),
    "risks.edit_risk": ("api:change_risk",),
    "risks.import_file": ("cli:risks import",),
    "risks.save_import": ("cli:risks import",),
    "risks.matrix_settings": ("cli:risks matrix", "cli:risks convention", "api:set_impact_convention"),
    "scope.new_item": ("api:create_scope_item",),
    "scope.edit_item": ("api:change_scope_item",),
    "quickscan.form": ("api:run_quickscan",),
    "scope.link": ("api:link_item_risk",),
    "scope.unlink": ("api:unlink_item_risk",),
    "answer_exceptions.add": ("api:record_item_exception",),
    "answer_exceptions.remove": ("api:remove_item_exception",),
    "scope.import_file": ("cli:systems import",),
    "scope.save_import": ("cli:systems import",),
    "statement.record": ("api:record_scope_statement",),
}

# Pages that change only the signed-in person's own session or credentials: they exist for the browser (a
# password, a second factor, a language cookie); the operator's counterparts are `naleving user password` and
# `naleving user mfa-reset`.
PERSONAL = {
    "auth.login",
    "auth.second_step",
    "auth.recovery_step",
    "auth.logout",
    "auth.end_other_sessions",
    "auth.mfa_setup",
    "auth.renew_recovery_codes",
    "auth.change_password",
    "auth.set_language",
    "auth.invitation",
}


def _changing_pages(app) -> set[str]:
    return {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.methods & {"POST", "PUT", "PATCH", "DELETE"} and not rule.endpoint.startswith("api.")
    }


def _command_exists(path: str) -> bool:
    """Whether `naleving <path>` is a command (the group loads an area's command when it is named)."""
    from app.cli import cli

    context = click.Context(cli)
    command: click.Command | None = cli
    for name in path.split():
        if not isinstance(command, click.Group):
            return False
        command = command.get_command(context, name)
    return command is not None


def test_every_changing_page_has_a_cli_or_api_counterpart(app):
    missing = _changing_pages(app) - set(COUNTERPARTS) - PERSONAL
    assert not missing, f"pages that change data without a CLI or API counterpart: {sorted(missing)}"


def test_every_named_counterpart_exists(app, client):
    document = client.get("/api/v1/openapi.json").json
    operations = {
        operation["operationId"] for path in document["paths"].values() for operation in path.values()
    }
    broken = [
        (page, counterpart)
        for page, counterparts in COUNTERPARTS.items()
        for counterpart in counterparts
        if not (
            _command_exists(counterpart.removeprefix("cli:"))
            if counterpart.startswith("cli:")
            else counterpart.removeprefix("api:") in operations
        )
    ]
    assert not broken, broken
    assert set(COUNTERPARTS) <= _changing_pages(app), "a mapped page no longer exists"
