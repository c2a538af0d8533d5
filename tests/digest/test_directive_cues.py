"""Each entry of the directive vocabulary (digest/data/cues.toml) does what its list says.

The sentences are folded (lower case, no diacritics), as the matchers see them, and written
for these tests.
"""

import tomllib
from pathlib import Path

import pytest

from digest.cues import find_demand
from digest.directives import _task_start, in_a_name
from digest.sections import _opens_directives
from digest.task_lines import split_tasks
from digest.task_shape import is_done, needs_at

CUES = tomllib.loads(
    (Path(__file__).parents[2] / "digest" / "data" / "cues.toml").read_text("utf-8")
)
D = CUES["directive"]


@pytest.mark.parametrize("speaker", D["speakers"])
def test_a_speaker_before_a_demand_opens_directives(speaker):
    assert _opens_directives(f"{speaker} yeu cau cac so day manh cai cach hanh chinh") == "demand"


@pytest.mark.parametrize("modal", D["modals"])
def test_a_modal_before_a_task_verb_keeps_the_task(modal):
    assert _task_start(f"{modal} day manh cai cach hanh chinh") == 0


@pytest.mark.parametrize("word", D["needs"])
def test_a_needs_word_after_a_short_subject_states_a_task(word):
    assert needs_at(f"thanh pho {word} quan tam hon nua toi nguoi lao dong") is not None


@pytest.mark.parametrize("word", D["not_needs"])
def test_a_word_before_the_needs_word_turns_it_round(word):
    assert needs_at(f"nguoi dan {word} phai di lai nhieu lan") is None


@pytest.mark.parametrize("word", D["not_needs_after"])
def test_a_lookalike_of_the_needs_word_is_not_one(word):
    assert needs_at(f"doi ngu can {word} cua tinh") is None


@pytest.mark.parametrize("word", D["done"])
def test_a_done_word_makes_a_statement(word):
    assert is_done(f"tinh {word} to chuc")


@pytest.mark.parametrize("assignee", D["assignees"])
def test_an_assignee_after_a_demand_is_kept(assignee):
    folded = f"dong chi yeu cau {assignee} khan truong trien khai ke hoach"
    assert _task_start(folded) == folded.index(assignee, len("dong chi yeu cau"))


@pytest.mark.parametrize("word", D["demand_noun_before"])
def test_a_demand_word_after_this_word_is_a_noun(word):
    assert find_demand(f"{word} yeu cau tot") is None


@pytest.mark.parametrize("word", D["demand_noun_after"])
def test_a_demand_word_before_this_word_is_another_word(word):
    assert find_demand(f"tinh giao {word} moi") is None
    assert find_demand(f"dong chi chi dao {word} moi") is None


@pytest.mark.parametrize("verb", D["paired"])
def test_a_paired_verb_after_a_comma_goes_on_with_the_same_task(verb):
    folded = f"tang cuong cong tac tham dinh du an, {verb} chat che cac du an"
    assert split_tasks(folded, folded) == [folded]


@pytest.mark.parametrize("head", D["name_heads"])
def test_a_verb_after_a_name_head_is_part_of_the_name(head):
    assert in_a_name(f"{head} chi dao", len(head) + 1)


S = CUES["shortfall"]


@pytest.mark.parametrize("marker", S["strong"])
def test_a_strong_marker_makes_a_shortfall_outside_the_shortfall_paragraph(marker):
    from digest.shortfalls import _states_trouble

    assert _states_trouble(f"cong tac quan ly dat dai {marker} o mot so noi")


@pytest.mark.parametrize("remedy", S["remedies"])
def test_a_remedy_before_a_marker_is_no_trouble(remedy):
    from digest.shortfalls import _states_trouble

    assert not _states_trouble(f"tinh {remedy} kho khan, vuong mac cho doanh nghiep")


@pytest.mark.parametrize("phrase", S["not_strong"])
def test_a_lookalike_of_a_strong_marker_is_no_trouble(phrase):
    from digest.shortfalls import _states_trouble

    assert not _states_trouble(f"noi dung {phrase} trong du thao")


@pytest.mark.parametrize("verb", D["task_verbs"] + D["content_verbs"])
def test_a_task_verb_after_a_demand_opens_the_task(verb):
    folded = f"dong chi yeu cau {verb} cac noi dung da neu"
    assert _task_start(folded) == len("dong chi yeu cau ")


@pytest.mark.parametrize("verb", D["content_verbs"])
def test_a_content_verb_with_its_object_is_not_generic(verb):
    from digest.task_lines import is_generic

    assert not is_generic(f"day nhanh {verb} nguon von")


@pytest.mark.parametrize("body", D["plan_bodies"])
def test_a_body_after_a_plan_lead_opens_the_plan(body):
    from digest.task_shape import plan_start

    lead = "trong nhung thang cuoi nam, "
    assert plan_start(f"{lead}{body} tap trung ra soat cac du an") == len(lead)


@pytest.mark.parametrize("verb", D["opinion"])
def test_a_need_in_a_speakers_view_opens_directives(verb):
    folded = f"dong chi bi thu {verb}, thoi gian toi tinh can day manh cai cach hanh chinh"
    assert _opens_directives(folded) == "demand"
    assert folded[_task_start(folded) :].startswith("tinh can")


@pytest.mark.parametrize("demand", D["demand"])
def test_a_demand_with_who_is_asked_opens_the_task_at_them(demand):
    folded = f"dong chi chu tich {demand} cac so khan truong trien khai ke hoach"
    assert _opens_directives(folded) == "demand"
    assert folded[_task_start(folded) :].startswith("cac so")


@pytest.mark.parametrize("subject", D["subjects"])
def test_who_opens_a_clause_before_a_task_verb_is_kept(subject):
    folded = f"{subject} tap trung ra soat cac du an cham tien do"
    assert _task_start(folded) == 0
