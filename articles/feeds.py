from django.contrib.syndication.views import Feed


class LatestListiclesFeed(Feed):
    title = "Soompi"
    link = "/"

    def items(self):
        return []
