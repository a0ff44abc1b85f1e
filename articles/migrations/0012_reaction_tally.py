"""Reactions counted as they are written, on PostgreSQL: a tally the database keeps by trigger.

`articles_reaction_tally` holds, per listicle and kind, the reactions as a sum over a few rows
(`shard`: concurrent reactions of one kind add to different rows, so they do not queue behind
each other's commit). Every INSERT, DELETE, TRUNCATE and change of `listicle_id` or `kind_id` on
`articles_reaction` changes it in the same transaction, whoever writes (a reader, the admin, a
cascade, `loaddata`, SQL), so its sums always equal the rows' aggregate. A move adds to the lower
(listicle, kind) first, so two moves in opposite directions never wait on each other in a cycle.
The reaction box (`reactions.reactions.kinds_and_counts`) and a new reader's first reaction
(`reader_choices.first_counted`) read it; other databases have no tally and count the rows.
"""

from django.db import migrations

SHARDS = 8

CREATE = f"""
CREATE TABLE articles_reaction_tally (
    listicle_id bigint NOT NULL,
    kind_id bigint NOT NULL,
    shard smallint NOT NULL,
    n integer NOT NULL,
    PRIMARY KEY (listicle_id, kind_id, shard)
);

CREATE FUNCTION articles_reaction_tally_add(listicle bigint, kind bigint, delta integer)
RETURNS void LANGUAGE sql AS $$
    INSERT INTO articles_reaction_tally AS tally (listicle_id, kind_id, shard, n)
    VALUES (listicle, kind, floor(random() * {SHARDS}), delta)
    ON CONFLICT (listicle_id, kind_id, shard) DO UPDATE SET n = tally.n + excluded.n
$$;

CREATE FUNCTION articles_reaction_tally() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM articles_reaction_tally;
    ELSIF TG_OP = 'INSERT' THEN
        PERFORM articles_reaction_tally_add(NEW.listicle_id, NEW.kind_id, 1);
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM articles_reaction_tally_add(OLD.listicle_id, OLD.kind_id, -1);
    ELSIF (OLD.listicle_id, OLD.kind_id) < (NEW.listicle_id, NEW.kind_id) THEN
        PERFORM articles_reaction_tally_add(OLD.listicle_id, OLD.kind_id, -1);
        PERFORM articles_reaction_tally_add(NEW.listicle_id, NEW.kind_id, 1);
    ELSE
        PERFORM articles_reaction_tally_add(NEW.listicle_id, NEW.kind_id, 1);
        PERFORM articles_reaction_tally_add(OLD.listicle_id, OLD.kind_id, -1);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER articles_reaction_tally AFTER INSERT OR DELETE ON articles_reaction
    FOR EACH ROW EXECUTE FUNCTION articles_reaction_tally();
CREATE TRIGGER articles_reaction_tally_moved AFTER UPDATE OF listicle_id, kind_id ON articles_reaction
    FOR EACH ROW WHEN (OLD.listicle_id <> NEW.listicle_id OR OLD.kind_id <> NEW.kind_id)
    EXECUTE FUNCTION articles_reaction_tally();
CREATE TRIGGER articles_reaction_tally_emptied AFTER TRUNCATE ON articles_reaction
    FOR EACH STATEMENT EXECUTE FUNCTION articles_reaction_tally();

INSERT INTO articles_reaction_tally (listicle_id, kind_id, shard, n)
    SELECT listicle_id, kind_id, 0, COUNT(*) FROM articles_reaction GROUP BY listicle_id, kind_id;
"""

DROP = """
DROP TRIGGER articles_reaction_tally_emptied ON articles_reaction;
DROP TRIGGER articles_reaction_tally_moved ON articles_reaction;
DROP TRIGGER articles_reaction_tally ON articles_reaction;
DROP FUNCTION articles_reaction_tally();
DROP FUNCTION articles_reaction_tally_add(bigint, bigint, integer);
DROP TABLE articles_reaction_tally;
"""


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("articles", "0011_comment_trust_and_reply_outbox")]

    operations = [migrations.RunPython(on_postgresql(CREATE), on_postgresql(DROP))]
