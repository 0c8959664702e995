from django.urls import path

from eqiao.portal.views import knowledge, login, offices, pages, submit, track

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
    path("law/", knowledge.knowledge_search_page, name="knowledge"),
]
