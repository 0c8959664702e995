from django.urls import path

from eqiao.workbench.views import (
    alerts,
    auth,
    entry,
    leads,
    notifications,
    petitions,
    queue,
    supervision,
)

app_name = "workbench"
urlpatterns = [
    path("login/", auth.login_view, name="login"),
    path("login/totp/", auth.login_totp_view, name="login_totp"),
    path("login/cancel/", auth.login_cancel_view, name="login_cancel"),
    path("logout/", auth.logout_view, name="logout"),
    path("", queue.queue, name="queue"),
    path("export/", queue.queue_export, name="queue_export"),
    path("petitions/new/", entry.petition_new, name="petition_new"),
    path("petitions/<int:pk>/", petitions.petition_detail, name="petition_detail"),
    path("petitions/<int:pk>/receipt/", entry.petition_receipt, name="petition_receipt"),
    path("petitions/<int:pk>/reveal/", petitions.petition_reveal, name="petition_reveal"),
    path("petitions/<int:pk>/act/<slug:action>/", petitions.petition_act, name="petition_act"),
    path(
        "petitions/<int:pk>/attachments/<int:attachment_pk>/",
        petitions.attachment_download,
        name="attachment_download",
    ),
    path("supervision/", supervision.supervision_list, name="supervision"),
    path("alerts/", alerts.alert_list, name="alerts"),
    path("alerts/<int:pk>/", alerts.alert_detail, name="alert_detail"),
    path("alerts/<int:pk>/acknowledge/", alerts.alert_ack, name="alert_ack"),
    path("alerts/<int:pk>/plan/", alerts.plan_start, name="plan_start"),
    path("plans/<int:pk>/", alerts.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/steps/<int:step_pk>/done/", alerts.plan_step_done, name="plan_step_done"),
    path("plans/<int:pk>/close/", alerts.plan_finish, name="plan_finish"),
    path("leads/", leads.lead_list, name="leads"),
    path("leads/<int:pk>/", leads.lead_detail, name="lead_detail"),
    path("leads/<int:pk>/close/", leads.lead_finish, name="lead_close"),
    path("notifications/", notifications.notification_page, name="notifications"),
    path("notifications/<int:pk>/read/", notifications.notification_read, name="notification_read"),
    path(
        "notifications/read-all/",
        notifications.notification_read_all,
        name="notifications_read_all",
    ),
]
