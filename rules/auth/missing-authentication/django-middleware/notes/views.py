from django.http import JsonResponse

from .models import Note


# ok: auth/missing-authentication
def add_note(request):
    if request.method == "POST":
        Note.objects.create(text=request.POST["text"])
    return JsonResponse({"ok": True})
