"""What readers read: one row per article and day, written in batches by `flush.flush_views`."""

from django.db import models

from articles.models import Listicle


class ArticleDailyViews(models.Model):
    """Views of one article on one day (the newsroom's `TIME_ZONE`), counted by the readers' private
    `me` request with no cookie, no address and no account kept: a number, nothing else."""

    listicle = models.ForeignKey(Listicle, on_delete=models.CASCADE, related_name="daily_views")
    day = models.DateField()
    views = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "article's views on a day"
        verbose_name_plural = "articles' views per day"
        constraints = [models.UniqueConstraint(fields=["listicle", "day"], name="readership_one_row_per_day")]
        indexes = [models.Index(fields=["day", "listicle"], name="readership_by_day")]

    def __str__(self):
        return f"{self.listicle_id} on {self.day}: {self.views}"


class FlushedBatch(models.Model):
    """A batch of counts taken from Redis and written to `ArticleDailyViews`, by the name it was
    taken under. Written in the same transaction as its counts: a batch whose writer stopped
    before deleting it from Redis is recognised and dropped, never counted twice. Kept two days."""

    name = models.CharField(max_length=100, unique=True)
    flushed = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self):
        return self.name
