from django.urls import path

from eqiao.workbench.views import alerts

app_name = "workbench"
urlpatterns = [
    path("alerts/", alerts.alert_list, name="alerts"),
    path("alerts/<int:pk>/", alerts.alert_detail, name="alert_detail"),
]
