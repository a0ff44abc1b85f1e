"""The knowledge base's own rules: how characters read, what is unique, which videos a scene takes."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from dramas.models import Scene
from dramas.video import parse_video_url
from tests import factories

pytestmark = pytest.mark.django_db


def test_role_reads_character_then_actor_in_brackets():
    role = factories.RoleFactory(character="Choi Han Gyul", actor__name="Gong Yoo")

    assert str(role) == "Choi Han Gyul (Gong Yoo)"


def test_same_actor_cannot_play_the_same_character_twice_in_one_drama():
    role = factories.RoleFactory(character="Kim Shin")

    with pytest.raises(IntegrityError), transaction.atomic():
        factories.RoleFactory(drama=role.drama, actor=role.actor, character="Kim Shin")


def test_same_character_name_is_fine_in_another_drama_or_for_another_actor():
    role = factories.RoleFactory(character="Kim Shin")

    factories.RoleFactory(actor=role.actor, character="Kim Shin")
    factories.RoleFactory(drama=role.drama, character="Kim Shin")


def test_duplicate_role_is_refused_by_validation_with_a_message():
    role = factories.RoleFactory(character="Kim Shin")
    twin = factories.RoleFactory.build(drama=role.drama, actor=role.actor, character="Kim Shin")

    with pytest.raises(ValidationError) as refused:
        twin.full_clean()

    assert refused.value.messages


@pytest.mark.parametrize(
    "url, provider, video_id",
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "YouTube", "dQw4w9WgXcQ"),
        ("https://youtube.com/watch?v=dQw4w9WgXcQ&t=42s", "YouTube", "dQw4w9WgXcQ"),
        ("https://m.youtube.com/watch?v=dQw4w9WgXcQ", "YouTube", "dQw4w9WgXcQ"),
        ("https://youtu.be/dQw4w9WgXcQ", "YouTube", "dQw4w9WgXcQ"),
        ("https://youtu.be/dQw4w9WgXcQ?si=abc", "YouTube", "dQw4w9WgXcQ"),
        ("https://www.youtube.com/shorts/dQw4w9WgXcQ", "YouTube", "dQw4w9WgXcQ"),
        ("https://www.youtube.com/embed/dQw4w9WgXcQ", "YouTube", "dQw4w9WgXcQ"),
        ("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", "YouTube", "dQw4w9WgXcQ"),
        ("https://www.viki.com/videos/1120307v-coffee-prince-episode-11", "Viki", "1120307v"),
        ("https://www.viki.com/videos/1120307v", "Viki", "1120307v"),
        ("https://vimeo.com/76979871", "Vimeo", "76979871"),
        ("https://player.vimeo.com/video/76979871", "Vimeo", "76979871"),
    ],
)
def test_supported_video_links_are_recognised(url, provider, video_id):
    video = parse_video_url(url)

    assert (video.provider, video.video_id) == (provider, video_id)


@pytest.mark.parametrize(
    "url, embed",
    [
        ("https://youtu.be/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?rel=0"),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871?dnt=1"),
        ("https://www.viki.com/videos/1120307v-coffee-prince", "https://www.viki.com/player/1120307v"),
    ],
)
def test_scene_embeds_the_privacy_friendly_player(url, embed):
    scene = factories.SceneFactory(video_url=url)

    assert scene.embed_url == embed
    assert scene.video.embed_url == embed


@pytest.mark.parametrize(
    "url",
    [
        "https://www.dailymotion.com/video/x7tgad0",
        "javascript:alert(1)",
        "ftp://youtube.com/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com/watch?v=short",
        "https://www.youtube.com/channel/UC123",
        "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "https://vimeo.com/not-a-number",
        "https://www.viki.com/tv/1234c-coffee-prince",
        "not a url",
        "",
    ],
)
def test_other_links_are_not_videos(url):
    assert parse_video_url(url) is None


def test_scene_without_video_has_no_embed():
    scene = factories.SceneFactory(video_url="")

    assert scene.video is None
    assert scene.embed_url == ""


def test_scene_reads_drama_episode_and_title():
    scene = factories.SceneFactory(drama__title="Goblin", episode=1, title="The first summons")

    assert str(scene) == "Goblin, ep. 1: The first summons"


def test_drama_without_year_reads_as_its_title():
    assert str(factories.DramaFactory(title="Goblin", year=None)) == "Goblin"
    assert str(factories.DramaFactory(title="Coffee Prince", year=2007)) == "Coffee Prince (2007)"


def test_scenes_are_ordered_by_drama_then_episode():
    later = factories.SceneFactory(drama__title="B drama", episode=2)
    earlier = factories.SceneFactory(drama=later.drama, episode=1)
    other = factories.SceneFactory(drama__title="A drama", episode=9)

    assert list(Scene.objects.all()) == [other, earlier, later]
