from django.urls import path

from eqiao.portal.views import cases, disclosure, login, offices, pages, submit, track

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
    # Case disclosure.
    path("cases/releases/", disclosure.releases, name="releases"),
    path("cases/releases/<int:pk>/", disclosure.release_detail, name="release"),
    path("cases/documents/", disclosure.documents, name="documents"),
    path("cases/documents/<int:pk>/", disclosure.document_detail, name="document"),
    path("bribery/apply/", disclosure.bribery_apply, name="bribery_apply"),
    path("bribery/mine/", disclosure.bribery_mine, name="bribery_mine"),
    path(
        "bribery/<str:number>/certificate.pdf",
        disclosure.bribery_certificate,
        name="bribery_certificate",
    ),
    path("bribery/verify/", disclosure.bribery_verify, name="bribery_verify"),
    path(
        "supervise/<str:token>/",
        disclosure.supervision_invitation,
        name="supervision_invitation",
    ),
]
