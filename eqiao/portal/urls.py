from django.urls import path

from eqiao.portal.views import login, offices, pages, publishing, submit, track

app_name = "portal"
urlpatterns = [
    path("", pages.home, name="home"),
    path("services/", pages.services, name="services"),
    path("submit/", submit.submit, name="submit"),
    path("o/<int:office_id>/submit/", submit.submit, name="submit_to_office"),
    path("offices/", offices.offices, name="offices"),
    path("offices/<int:office_id>/poster/", offices.office_poster, name="office_poster"),
    path("receipt/<str:number>/", submit.receipt, name="receipt"),
    path("track/", track.track, name="track"),
    path("p/<str:number>/", track.petition_status, name="petition"),
    path("p/<str:number>/message/", track.petition_message, name="petition_message"),
    path("p/<str:number>/end/", track.petition_end, name="petition_end"),
    path("my/", track.my_petitions, name="my_petitions"),
    path("login/", login.login, name="login"),
    path("login/code/", login.login_code, name="login_code"),
    path("logout/", login.logout, name="logout"),
    path("articles/", publishing.articles, name="articles"),
    path("articles/<int:pk>/", publishing.article, name="article"),
    path("articles/<int:pk>/share.png", publishing.article_share, name="article_share"),
    path("articles/feed/rss/", publishing.ArticlesFeed(), name="articles_feed"),
    path("articles/feed/atom/", publishing.ArticlesAtomFeed(), name="articles_atom"),
    path("digest/subscribe/", publishing.digest_subscribe, name="digest_subscribe"),
    path("digest/<str:token>/", publishing.digest_issue, name="digest_issue"),
]
