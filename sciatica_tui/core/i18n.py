"""Picking the reader's language for keyed content text. No UI imports."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from typing import Any

FALLBACK = "en"

# Every ui.toml string the program uses; `content check` fails if one is missing.
UI_KEYS = frozenset(
    {
        "answer.yes", "answer.no", "answer.unsure", "answer.none", "answer.number_range",
        "out.title", "out.not_diagnosis", "out.disposition", "out.what_to_do",
        "out.red_flags", "out.possible_red_flags", "out.because_you_said",
        "out.unknown_answer", "out.not_answered", "out.likely_causes",
        "out.likely_causes_note", "out.likelihood.high", "out.likelihood.medium",
        "out.likelihood.low", "out.against", "out.first_steps", "out.withheld_steps",
        "out.withheld.tier", "out.withheld.unknown", "out.unanswered_red_flags",
        "out.clear_red_flags", "out.safety_net", "out.content_version",
        "out.ignored_answers", "out.why_disposition", "out.reason.rule",
        "out.reason.possible", "out.none", "out.generated", "out.symptoms",
        "out.sources", "fhir.red_flags", "fhir.symptoms", "fhir.description",
        "fhir.subject",
        "tui.title", "tui.loading", "tui.welcome", "tui.welcome_kiosk", "tui.emergency_now",
        "tui.start", "tui.next", "tui.skip",
        "tui.back", "tui.why", "tui.progress", "tui.get_help_now", "tui.continue_anyway",
        "tui.show_summary", "tui.choose_one", "tui.quit", "tui.too_small", "tui.quit_confirm",
        "tui.quit_yes", "tui.quit_no", "tui.help_title", "tui.help_keys", "tui.help_keys_question",
        "tui.help_keys_group", "tui.help_keys_scale", "tui.help_keys_number",
        "tui.help_keys_other", "tui.help_keys_demo", "tui.help_keys_quit", "tui.close",
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
        "tui.crashed", "tui.crashed_saved", "tui.stopped_saved", "tui.stopped_not_saved",
        "tui.glossary_title", "tui.glossary_filter", "tui.cmd.glossary",
        "tui.cmd.glossary_help", "tui.not_for", "tui.quit_confirm_flags",
        # the kiosk's staff PIN dialog, and the palette's summary with no answers
        "tui.pin_checking", "tui.pin_wait", "tui.pin_tries", "tui.pin_unusable",
        "tui.nothing_to_summarise",
        "demo.title", "demo.intro", "demo.search", "demo.kind.sample", "demo.kind.cause",
        "demo.kind.red_flag", "demo.kind.first_step", "demo.kind.physio", "demo.kind.anatomy",
        "demo.kind.advice",
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
        "diary.history_waiting", "diary.history_saved_again", "diary.history_busy",
        "diary.history_unsaved",
        "about.title", "about.what", "about.version_title", "about.version", "about.reviewer",
        "about.sources_title", "about.sources_note", "about.privacy", "tui.cmd.about",
        "tui.cmd.about_help",
    }
) | frozenset(
    {  # results and first steps (issue 14)
        "out.checking_first", "out.checking_first_note", "out.not_ruled_out_because",
        "out.secondary_causes", "out.other_causes", "out.withheld.checking_first",
        "out.draft", "plain.step",
    }
) | frozenset(
    {  # the referral letter (SBAR), results that say why, printing (issue 17, U-S3)
        "out.sbar.situation", "out.sbar.background", "out.sbar.assessment",
        "out.sbar.recommendation", "out.name", "out.date_of_birth", "out.clinic",
        "out.clinic_phone", "out.not_asked", "out.other_answers", "out.about_person", "out.for",
        "out.against_short", "out.not_sure", "out.why_found", "out.why_not_ruled_out",
        "out.print_title", "tui.print_no_printer", "tui.results_done",
    }
) | frozenset(
    {  # progress sections (issue 16)
        "progress.warning_signs", "progress.about_you", "progress.your_pain",
        "progress.results",
    }
) | frozenset(
    {  # the use review's screen findings (kiosk, leaving, small windows)
        "tui.quit_confirm_kept", "tui.quit_confirm_flags_kept", "tui.too_small_plain",
        "tui.kiosk_tell_staff", "tui.pin_empty", "tui.large_text", "tui.cmd.large_text",
        "tui.cmd.large_text_help", "out.qr_more",
    }
) | frozenset(
    {  # plain mode's command words (issue 18.4), and the demo's text-size key
        "plain.word.back", "plain.word.why", "plain.word.help", "plain.word.words",
        "plain.word.skip", "plain.word.summary", "plain.word.continue", "plain.word.quit",
        "plain.word.more", "plain.word.done",
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


# -- advice that follows the country ------------------------------------------
#
# The emergency number and the names of the places the advice sends people to
# (A&E / the emergency room / urgencias, NHS 111 / a nurse advice line, your GP /
# your doctor) come from content/locales.toml, chosen by country. Text names them
# only through these placeholders, and `fill` is the one place that puts the
# words in (Words.t for every output; the welcome screen's first frame too).

LOCALE_PLACEHOLDERS = ("emergency_number", "emergency_dept", "urgent_line", "gp")
# Fields that ui.toml strings may hold besides those, filled in by the code that
# shows them ("Question {n} of about {total}").
UI_FIELDS = frozenset({"n", "total", "w", "h", "path", "date", "option", "low", "high",
                       "answer", "error", "app", "version", "languages", "result", "short",
                       # plain mode's command words (plain.word.*)
                       "back", "why", "help", "words", "skip", "summary", "continue",
                       "quit", "more", "done"})
# A number someone can dial: digits, an optional leading +, 3 to 15 digits.
DIALABLE = re.compile(r"\+?[0-9]{3,15}")
# The international entry of locales.toml: every country not listed there.
DEFAULT_LOCALE = "international"

_SLOT = re.compile(r"\{(" + "|".join(LOCALE_PLACEHOLDERS) + r")\}")
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|\n\s*)$")


def locale_country(environ: Mapping[str, str] | None = None) -> str | None:
    """The country part of the locale (LC_ALL, LC_MESSAGES, LANG): en_GB.UTF-8 -> GB."""
    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if not value:
            continue
        parts = value.split(".")[0].split("@")[0].split("_")
        if len(parts) == 2 and len(parts[1]) == 2 and parts[1].isalpha():
            return parts[1].upper()
        return None  # the first variable set decides, as for the language
    return None


def pick_locale(entries: Sequence[Mapping[str, Any]], country: str | None
                ) -> Mapping[str, Any]:
    """The locales.toml entry for a country, else the international one."""
    wanted = (country or "").upper()
    default = None
    for entry in entries:
        if wanted and wanted in entry["countries"]:
            return entry
        if entry["id"] == DEFAULT_LOCALE:
            default = entry
    if default is None:
        raise KeyError(f'locales.toml has no "{DEFAULT_LOCALE}" entry')
    return default


def locale_values(entry: Mapping[str, Any], lang: str,
                  emergency_number: str | None = None) -> dict[str, str]:
    """The words for each placeholder, in one language. A given emergency number
    (config file or --emergency-number) wins over the table's."""
    return {
        "emergency_number": emergency_number or entry["emergency_number"],
        **{key: tr(entry[key], lang) for key in LOCALE_PLACEHOLDERS[1:]},
    }


def fill(text: str, values: Mapping[str, str]) -> str:
    """Put the locale's words in place of {emergency_number}, {emergency_dept},
    {urgent_line} and {gp}; a value that starts a sentence gets a capital letter.
    Other {fields} are left for the code that shows the text."""
    if "{" not in text:
        return text

    def one(match: re.Match[str]) -> str:
        value = values.get(match.group(1))
        if value is None:
            return match.group(0)
        if value and _SENTENCE_START.search(text, 0, match.start()):
            return value[0].upper() + value[1:]
        return value

    return _SLOT.sub(one, text)


# The paper size belongs to the locale, like the emergency number.
PAPERS = ("a4", "letter")
# Countries that use US Letter paper; everyone else uses A4.
LETTER_COUNTRIES = frozenset({"US", "CA", "MX", "PH", "CL", "CO", "VE", "GT", "CR", "PA",
                              "DO", "PR", "SV", "NI", "HN"})


def paper_for(paper: str | None, country: str | None) -> str:
    """The paper size: the configured one, else Letter in the Americas' Letter
    countries, else A4."""
    if paper in PAPERS:
        return paper
    return "letter" if (country or "").upper() in LETTER_COUNTRIES else "a4"
