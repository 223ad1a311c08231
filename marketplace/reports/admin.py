from django.contrib import admin

from .models import ProvinceOfficer


@admin.register(ProvinceOfficer)
class ProvinceOfficerAdmin(admin.ModelAdmin):
    list_display = ("user", "province")
    list_select_related = ("user", "province")
    autocomplete_fields = ("user",)
    search_fields = ("user__username", "user__email", "province__name")
