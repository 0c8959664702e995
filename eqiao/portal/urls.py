from django.urls import path

from eqiao.portal.views import cases, knowledge, login, offices, pages, submit, track

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
    path("cases/query/", cases.case_query, name="case_query"),
    path("cases/query/code/", cases.case_query_code, name="case_query_code"),
    path("cases/progress/", cases.case_progress, name="case_progress"),
    path("cases/end/", cases.case_end, name="case_end"),
    path("lawyer/", cases.lawyer_home, name="lawyer_home"),
    path("lawyer/register/", cases.lawyer_register_view, name="lawyer_register"),
    path("lawyer/cases/<int:pk>/", cases.lawyer_case, name="lawyer_case"),
    path("law/", knowledge.knowledge_search_page, name="knowledge"),
]
