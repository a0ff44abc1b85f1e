"""Listicles as JSON: the import/export format.

One file holds one listicle with its entries, and enough of the knowledge base (dramas, cast,
watch links, scenes) to stand alone::

    {"title": "...", "slug": "...", "dek": "", "numbering": "list", "intro": "", "outro": "",
     "poll_question": "", "hero_alt": "", "allow_comments": true, "allow_reactions": true,
     "author": {"name": "binahearts", "slug": "binahearts", "bio": "", "instagram": "binahearts"},
     "tags": ["confessions"], "status": "published", "publish_at": "2017-05-12T09:00:00+00:00",
     "entries": [{
        "drama": {"title": "Coffee Prince", "slug": "coffee-prince", "native_title": "", "year": 2007,
                  "network": "MBC", "episodes": 17, "synopsis": "", "genres": ["romance"],
                  "cast": [{"actor": "Gong Yoo", "actor_slug": "gong-yoo", "character": "Choi Han Gyul",
                            "billing": "lead"}],
                  "watch": [{"provider": "Viki", "url": "https://www.viki.com/tv/..."}]},
        "heading": null, "quote": "", "quote_by": "Choi Han Gyul", "featuring": ["Choi Han Gyul"],
        "body": "",
        "scenes": [{"title": "...", "episode": 10, "video_url": "https://www.youtube.com/watch?v=...",
                    "summary": "", "quote": "", "lead_in": "", "caption": ""}]}]}

Required: the listicle's `title`, `slug` and `entries`; each entry's `drama` with its `title`;
an author's `name`; a cast member's `actor` and `character`; a watch link's `provider` and `url`;
a scene's `title`. Every other key may be omitted, and any key not listed here is an error.
`quote_by` and `featuring` name characters of the entry's drama `cast`; `publish_at` is ISO 8601
with a time zone and is required when `status` is published. Uploaded image files are not part
of the format: they are kept, and only `hero_alt` travels with the file. An entry's `scenes` may
also hold images, in the same order as the clips: `{"image": "entries/moment.gif", "alt": "...",
"credit": "", "lead_in": "", "caption": ""}`, where `image` names a file already uploaded to this
site (an item with an `image` key is an image, any other a clip).

Matching, so that nothing is duplicated and importing an export changes nothing:

- The listicle is matched by `slug` (or given explicitly, to restore a revision). It is the whole
  truth for the listicle's own rows: an omitted key takes its default, each entry of the file
  updates the saved entry it was (by id when restoring a revision, else the one about the same
  drama, else the one at its place: see `matching`), so that readers' votes stay with their entry
  through a reorder; scene i of an entry updates its i-th scene; extra rows are deleted and missing
  ones created.
- Authors, dramas and actors are matched by slug (`slug`, `actor_slug`, or else the slugified name
  or title) and shared with other listicles: the keys a file gives update them, omitted keys leave
  them alone, and they are never deleted. A drama's `genres` and `watch` links are replaced by the
  lists given.
- Roles are matched by (drama, actor, character) and never deleted; a new one joins the end of the
  cast. A character name means one actor within a drama, and a file cannot give a character to
  another actor than the one the knowledge base has.
- Scenes are matched by (drama, video_url, title), or failing that by (drama, video_url) so that
  a corrected title updates the scene; a scene without a video link is matched by its title.
  They are never deleted: other listicles may show them.
- Only rows whose values differ are saved; `ImportResult.changed` says whether anything was.
- The live-row rule of the knowledge-base admin (`dramas.live`) holds: a drama (with its genres
  and watch links), actor, role or scene that a published or scheduled listicle shows is changed
  only for an `editor` who may change it in the admin. A file, imported by the site's operator,
  that would change one is refused at the JSON path of each such value, and writes nothing.

Status is the publishing workflow's: this app creates a new listicle as a draft and leaves the
status and publication times of an existing one alone. `newsroom.imports.import_listicle` (the
`import_listicle` command, the demo) then moves it to the file's `status` through
`newsroom.workflow.transition`, as the site's operator, like an editor pressing the button, after
its entries are written and in the same database transaction. So the move must be one the workflow
allows (an archived listicle goes back to draft before it is published again), publishing runs the
editorial checks, a new `publish_at` of a published listicle is one "reschedule" transition, and a
refusal leaves nothing written. `publish_at` is read only with status published. `skip_checks`
publishes despite failed checks, and the Transition row's note says so.

The app has no models: `importer.import_listicle` and `exporter.export_listicle` (with
`files.load_file` and `problems.InterchangeError`) are its API, and the `export_listicle` command
wraps them (`import_listicle`, which publishes, is the newsroom's). The package imports nothing at
start, as an app must not before the models are loaded.
"""
