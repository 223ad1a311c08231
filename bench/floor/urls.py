from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path


def string(request):
    return HttpResponse("Xin chào, chợ OCOP!")


def template(request):
    return render(request, "floor/page.html", {"rows": ContentType.objects.order_by("pk")[:20]})


urlpatterns = [path("string/", string), path("template/", template)]
