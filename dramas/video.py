"""Video links a scene may carry: YouTube, Viki and Vimeo, and their privacy-friendly embeds."""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

YOUTUBE_ID = r"[A-Za-z0-9_-]{11}"


@dataclass(frozen=True)
class Video:
    provider: str  # "YouTube", "Viki" or "Vimeo"
    video_id: str

    @property
    def embed_url(self):
        """The player URL; none of them sets tracking cookies before the reader presses play."""
        if self.provider == "YouTube":
            return f"https://www.youtube-nocookie.com/embed/{self.video_id}?rel=0"
        if self.provider == "Vimeo":
            return f"https://player.vimeo.com/video/{self.video_id}?dnt=1"
        return f"https://www.viki.com/player/{self.video_id}"


def parse_video_url(url):
    """Return the Video a URL points to, or None when it is not a supported video link."""
    try:
        parts = urlsplit((url or "").strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https"):
        return None
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    path = parts.path

    if host in ("youtube.com", "youtube-nocookie.com", "music.youtube.com"):
        video_id = parse_qs(parts.query).get("v", [""])[0] if path == "/watch" else ""
        match = re.fullmatch(rf"/(?:embed|shorts|live|v)/({YOUTUBE_ID})/?", path)
        video_id = match.group(1) if match else video_id
        return Video("YouTube", video_id) if re.fullmatch(YOUTUBE_ID, video_id) else None
    if host == "youtu.be":
        match = re.fullmatch(rf"/({YOUTUBE_ID})/?", path)
        return Video("YouTube", match.group(1)) if match else None
    if host == "vimeo.com":
        match = re.fullmatch(r"/(?:channels/[\w-]+/|groups/[\w-]+/videos/)?(\d+)/?", path)
        return Video("Vimeo", match.group(1)) if match else None
    if host == "player.vimeo.com":
        match = re.fullmatch(r"/video/(\d+)/?", path)
        return Video("Vimeo", match.group(1)) if match else None
    if host == "viki.com":
        match = re.fullmatch(r"/(?:videos|player)/(\d+v)(?:-[\w-]*)?/?", path)
        return Video("Viki", match.group(1)) if match else None
    return None
