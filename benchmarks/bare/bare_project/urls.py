from django.urls import path
from rows import views

urlpatterns = [
    path("hello/", views.hello),
    path("rows/", views.row_insert),
    path("rows/<str:key>/", views.row_read),
]
