"""The erasure page: anyone holding a receipt code erases the answers given with it.

No account needed. The page says how many answers were erased and nothing else: a code that
matches nothing reads the same as one already used (0), so the page tells nobody whether a
code ever existed.
"""

from django import forms
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.urls import path

from ..submissions import submissions_erase


class EraseForm(forms.Form):
    code = forms.CharField(label="Code de reçu", max_length=40,
                           help_text="Le code donné à la fin du questionnaire, par exemple "
                                     "K7PX-3M9Q-RT (majuscules et tirets au choix).",
                           widget=forms.TextInput(attrs={"autocomplete": "off",
                                                         "autocapitalize": "characters",
                                                         "spellcheck": "false"}))


@login_not_required
def erase_page(request):
    form = EraseForm(request.POST or None, initial={"code": request.GET.get("code", "")})
    erased = None
    if request.method == "POST" and form.is_valid():
        erased = submissions_erase(form.cleaned_data["code"])
        form = EraseForm()
    return render(request, "surveys/erase.html", {"form": form, "erased": erased})


urlpatterns = [path("effacer/", erase_page, name="erase")]
