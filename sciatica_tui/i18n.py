"""Picking the reader's language for keyed content text. No UI imports."""

from __future__ import annotations

import os
from collections.abc import Mapping

FALLBACK = "en"

# Every ui.toml string the program uses; `content check` fails if one is missing.
UI_KEYS = frozenset(
    {
        "answer.yes", "answer.no", "answer.unsure", "answer.none",
        "out.title", "out.not_diagnosis", "out.disposition", "out.what_to_do",
        "out.red_flags", "out.possible_red_flags", "out.because_you_said",
        "out.unknown_answer", "out.not_answered", "out.likely_causes",
        "out.likely_causes_note", "out.likelihood.high", "out.likelihood.medium",
        "out.likelihood.low", "out.against", "out.first_steps", "out.withheld_steps",
        "out.withheld.tier", "out.withheld.unknown", "out.unanswered_red_flags",
        "out.clear_red_flags", "out.safety_net", "out.content_version",
        "out.ignored_answers", "out.why_disposition", "out.reason.rule",
        "out.reason.possible", "out.none", "out.generated", "out.symptoms",
        "out.sources", "fhir.red_flags", "fhir.symptoms",
        "tui.title", "tui.loading", "tui.welcome", "tui.emergency_now", "tui.start", "tui.next",
        "tui.skip",
        "tui.back", "tui.why", "tui.progress", "tui.get_help_now", "tui.continue_anyway",
        "tui.show_summary", "tui.choose_one", "tui.quit", "tui.too_small", "tui.quit_confirm",
        "tui.quit_yes", "tui.quit_no", "tui.help_title", "tui.help_keys", "tui.close",
        "tui.review_title", "tui.review_hint", "tui.see_results", "tui.urgent_title",
        "tui.continue", "tui.results_title", "tui.summary_button", "tui.how_to", "tui.how_much",
        "tui.how_it_feels", "tui.when_to_stop", "tui.what_it_is", "tui.feels_like",
        "tui.what_helps", "tui.recovery", "tui.restart_confirm", "tui.restart_yes",
        "tui.cmd.restart", "tui.cmd.restart_help", "tui.cmd.summary", "tui.cmd.summary_help",
        "tui.cmd.contrast", "tui.cmd.contrast_help", "tui.cmd.help", "tui.cmd.help_help",
        "tui.save", "tui.print", "tui.qr", "tui.save_title", "tui.save_folder",
        "tui.save_format", "tui.saved", "tui.save_failed", "tui.print_sent", "tui.print_no_lp",
        "tui.print_failed", "tui.qr_title", "tui.qr_holds", "tui.qr_too_small",
        "plain.how", "plain.help", "plain.multi_hint", "plain.number_hint", "plain.bad_choice",
        "plain.exclusive", "plain.no_back", "plain.alert_choice", "plain.review_hint",
        "plain.end_of_input", "plain.summary_follows", "plain.skip_hint", "plain.before",
        "plain.chose", "tui.kiosk_no_quit", "tui.still_there", "tui.still_there_body",
        "tui.keep_going", "tui.finish", "tui.pin_title", "tui.pin_wrong", "tui.clinic",
        "tui.crashed", "tui.glossary_title", "tui.glossary_filter", "tui.cmd.glossary",
        "tui.cmd.glossary_help", "tui.not_for", "tui.quit_confirm_flags",
        # the kiosk's staff PIN dialog, and the palette's summary with no answers
        "tui.pin_checking", "tui.pin_wait", "tui.pin_tries", "tui.pin_unusable",
        "tui.nothing_to_summarise",
        "demo.title", "demo.intro", "demo.search", "demo.kind.sample", "demo.kind.cause",
        "demo.kind.red_flag", "demo.kind.first_step", "demo.kind.physio", "demo.kind.anatomy",
        "demo.no_match", "demo.result", "demo.replay_hint", "demo.replay", "demo.tier",
        "demo.why_it_matters", "demo.step", "demo.answer", "demo.new_flag", "demo.so_far",
        "demo.prev", "demo.next", "demo.index", "demo.cmd.index_help", "demo.cmd.start",
        "demo.cmd.start_help", "demo.start", "demo.still_checking",
        "diary.checkin", "diary.trends", "diary.history_turn_on", "diary.history_turn_off",
        "diary.note_off", "diary.note_on", "diary.resume", "diary.enable_title",
        "diary.enable_body", "diary.enable_yes", "diary.disable_title", "diary.disable_body",
        "diary.disable_yes", "diary.not_now", "diary.done_title", "diary.done_ok",
        "diary.trends_title", "diary.leg", "diary.back", "diary.walk", "diary.by_day",
        "diary.no_data", "diary.mark_assessment", "diary.history_problem", "diary.done",
        "diary.chart_key",
        "about.title", "about.what", "about.version_title", "about.version", "about.reviewer",
        "about.sources_title", "about.sources_note", "about.privacy", "tui.cmd.about",
        "tui.cmd.about_help",
    }
)


def tr(text: Mapping[str, str], lang: str) -> str:
    return text.get(lang) or text[FALLBACK]


def tr_list(text: Mapping[str, list[str]], lang: str) -> list[str]:
    return text.get(lang) or text[FALLBACK]


def locale_language(available: list[str], environ: Mapping[str, str] | None = None) -> str:
    """The first available language named by LC_ALL, LC_MESSAGES or LANG, else English."""
    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        code = value.split(".")[0].split("_")[0].lower()
        if code in available:
            return code
    return FALLBACK


# Emergency numbers by the country part of the locale (en_GB -> 999); 112 works
# across the EU and on most mobile phones elsewhere.
_EMERGENCY_BY_COUNTRY = {"US": "911", "CA": "911", "MX": "911", "GB": "999", "IE": "112",
                         "AU": "000", "NZ": "111", "IN": "112"}


def default_emergency_number(environ: Mapping[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        parts = value.split(".")[0].split("_")
        if len(parts) == 2 and parts[1]:
            return _EMERGENCY_BY_COUNTRY.get(parts[1].upper(), "112")
    return "112"
