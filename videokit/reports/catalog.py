"""The report's words, one small catalogue per language, and number/date formatting to match.

Templates use `{name}` fields filled by `Catalog.t`; values are formatted (numbers, percents)
before they reach a sentence, and the HTML layer escapes the result.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

NNBSP = "\u202f"  # French thousands separator and space before % (narrow no-break space)
NBSP = "\u00a0"

FR: dict[str, str] = {
    "title": "Rapport de croissance YouTube",
    "period": "du {start} au {end}",
    "generated": "Données arrêtées au {end}. Rapport créé le {today}.",
    "headline_up": "Votre chaîne grandit : {views} vues en {days} jours, {growth} par rapport aux {days} jours précédents.",
    "headline_down": "Votre chaîne a fait {views} vues en {days} jours, {growth} par rapport aux {days} jours précédents.",
    "headline_flat": "Votre chaîne est stable : {views} vues en {days} jours, autant que les {days} jours précédents.",
    "headline_new": "Votre chaîne a fait {views} vues en {days} jours.",
    "headline_search": "La recherche YouTube a apporté {share} des vues ; la recherche qui vous amène le plus de patients : « {term} ».",
    "headline_search_noterm": "La recherche YouTube a apporté {share} des vues.",
    "headline_videos_zero": "Aucune nouvelle vidéo publiée sur la période.",
    "headline_videos_one": "Une nouvelle vidéo publiée sur la période.",
    "headline_videos_many": "{count} nouvelles vidéos publiées sur la période.",
    "headline_best": "Vidéo la plus vue : « {title} » ({views} vues).",
    "kpi_views": "Vues",
    "kpi_growth": "Évolution",
    "kpi_watch": "Heures regardées",
    "kpi_subs": "Abonnés gagnés",
    "kpi_avd": "Durée moyenne de visionnage",
    "kpi_search": "Vues venues de la recherche",
    "vs_previous": "vs {days} j précédents",
    "chart_title": "Vues de la chaîne par jour",
    "chart_caption": "Barres : vues par jour ; courbe : moyenne sur {window} jours. La zone claire est la période précédente, pour comparer.",
    "legend_views": "Vues par jour",
    "legend_average": "Moyenne {window} j",
    "legend_previous": "Période précédente",
    "legend_published": "Nouvelle vidéo",
    "marker_shorts": "YouTube change le comptage des vues des Shorts",
    "marker_all": "YouTube change le comptage des vues",
    "videos_title": "Vos vidéos",
    "videos_caption": "Classées par vues sur la période. « vs médiane » compare chaque vidéo à la vidéo médiane de la chaîne au même âge (1,0× = comme d'habitude).",
    "col_video": "Vidéo",
    "col_published": "Publiée le",
    "col_period": "Vues période",
    "col_total": "Vues totales",
    "col_48h": "48 h",
    "col_7d": "7 jours",
    "col_28d": "28 jours",
    "col_median": "vs médiane",
    "col_trend": "Tendance",
    "movers_title": "Les vidéos qui progressent le plus",
    "mover_line": "+{gain} vues par rapport à la période précédente",
    "mover_new": "nouvelle : {views} vues depuis sa publication",
    "no_movers": "Aucune vidéo n'a progressé sur la période.",
    "search_title": "Ce que les patients tapent dans YouTube",
    "search_caption": "Recherches YouTube qui ont mené à vos vidéos ({days} jours au {end}). Mot-clé : le mot-clé de vos vidéos que la recherche reprend.",
    "col_term": "Recherche",
    "col_views": "Vues",
    "col_share": "Part",
    "col_keyword": "Mot-clé correspondant",
    "no_keyword": "aucun : sujet à traiter",
    "no_terms": "YouTube n'a pas encore de recherches à montrer pour cette période.",
    "sources_title": "D'où viennent les vues",
    "keywords_title": "Vos mots-clés qui amènent des spectateurs",
    "keywords_none": "Aucun de vos mots-clés n'apparaît encore dans les recherches.",
    "next_title": "Que faire ensuite",
    "advice_publish_more": "Publiez : aucune nouvelle vidéo ces {days} derniers jours. Une vidéo par semaine entretient la croissance.",
    "advice_follow_up": "Faites une suite à « {title} » : elle fait {ratio} la vidéo médiane de la chaîne au même âge.",
    "advice_new_topic": "Les patients cherchent « {term} » ({views} vues) sans qu'aucune de vos vidéos ne porte ce mot-clé : consacrez-lui une vidéo.",
    "advice_keep_keyword": "Continuez à employer « {keyword} » dans vos titres : ce mot-clé a amené {views} vues par la recherche.",
    "advice_improve_search": "Seules {share} des vues viennent de la recherche : mettez le sujet dès les premiers mots du titre et de la description.",
    "advice_decline": "Les vues baissent ({growth}) : republiez vos meilleures vidéos dans une playlist et partagez-les sur votre site.",
    "advice_fix_terms": "« {term} » amène {views} vues à « {title} » sans figurer dans son titre ni ses tags : ajoutez-le (videokit audit fix --video {video} --only tags).",
    "topics_title": "Sujets à traiter ensuite",
    "topic_line": "{topic} ({views} vues : {terms})",
    "fixes_title": "Recherches absentes des titres et tags",
    "fix_line": "« {term} » ({views} vues) : « {missing} » manque à « {title} »",
    "readiness_title": "Fonctions santé de YouTube : où en est la chaîne",
    "readiness_caption": "Label « professionnel de santé » et étagère « sources de santé » (support.google.com/youtube/answer/12796915).",
    "ready_yes": "atteint",
    "ready_no": "manque",
    "ready_unknown": "à vérifier",
    "ready_watch_hours": "Heures de visionnage sur 12 mois : {value} sur {threshold}",
    "ready_watch_hours_gap": "encore {gap} heures",
    "ready_watch_hours_none": "Heures de visionnage sur 12 mois : inconnues (lancez videokit track)",
    "ready_health_share": "Part de vidéos santé : {value} (attendu {threshold})",
    "ready_health_share_gap": "encore {gap} vidéos santé",
    "ready_country": "Pays : {value}",
    "ready_country_none": "Pays : non renseigné (country du profil)",
    "ready_licence": "Numéro d'exercice (RPPS) : {value}",
    "ready_licence_none": "Numéro d'exercice : non renseigné (rpps du profil)",
    "ready_principles": "Sources et liens d'intérêts déclarés",
    "ready_strikes": "Avertissements : invisibles par l'API, voir YouTube Studio > Chaîne > État",
    "advice_steady": "Continuez au même rythme : la chaîne progresse normalement.",
    "footer": "Chiffres YouTube Data et Analytics. Les vues du jour peuvent encore être corrigées par YouTube pendant 2 à 3 jours.",
    "none": "—",
    "src_YT_SEARCH": "Recherche YouTube",
    "src_SUGGESTED": "Vidéos suggérées",
    "src_BROWSE": "Accueil et abonnements",
    "src_EXT_URL": "Sites externes",
    "src_NO_LINK_OTHER": "Accès direct",
    "src_YT_CHANNEL": "Page de la chaîne",
    "src_PLAYLIST": "Playlists",
    "src_NOTIFICATION": "Notifications",
    "src_SHORTS": "Flux Shorts",
    "src_END_SCREEN": "Écrans de fin",
    "src_YT_OTHER_PAGE": "Autres pages YouTube",
    "src_SUBSCRIBER": "Abonnés",
    "src_HASHTAGS": "Hashtags",
    "src_RELATED_VIDEO": "Vidéos associées",
    "src_ANNOTATION": "Fiches",
    "src_ADVERTISING": "Publicité",
}

EN: dict[str, str] = {
    "title": "YouTube growth report",
    "period": "{start} to {end}",
    "generated": "Data up to {end}. Report created on {today}.",
    "headline_up": "Your channel is growing: {views} views in {days} days, {growth} on the previous {days} days.",
    "headline_down": "Your channel had {views} views in {days} days, {growth} on the previous {days} days.",
    "headline_flat": "Your channel is steady: {views} views in {days} days, as many as the previous {days} days.",
    "headline_new": "Your channel had {views} views in {days} days.",
    "headline_search": "YouTube search brought {share} of views; the search that brings you the most patients: “{term}”.",
    "headline_search_noterm": "YouTube search brought {share} of views.",
    "headline_videos_zero": "No new video published in the period.",
    "headline_videos_one": "One new video published in the period.",
    "headline_videos_many": "{count} new videos published in the period.",
    "headline_best": "Most viewed video: “{title}” ({views} views).",
    "kpi_views": "Views",
    "kpi_growth": "Change",
    "kpi_watch": "Hours watched",
    "kpi_subs": "Subscribers gained",
    "kpi_avd": "Average view duration",
    "kpi_search": "Views from search",
    "vs_previous": "vs prior {days} days",
    "chart_title": "Channel views per day",
    "chart_caption": "Bars: views per day; line: {window}-day average. The light area is the previous period, for comparison.",
    "legend_views": "Views per day",
    "legend_average": "{window}-day average",
    "legend_previous": "Previous period",
    "legend_published": "New video",
    "marker_shorts": "YouTube changes how Shorts views are counted",
    "marker_all": "YouTube changes how views are counted",
    "videos_title": "Your videos",
    "videos_caption": "Sorted by views in the period. “vs median” compares each video with the channel's median video at the same age (1.0× = as usual).",
    "col_video": "Video",
    "col_published": "Published",
    "col_period": "Period views",
    "col_total": "Total views",
    "col_48h": "48 h",
    "col_7d": "7 days",
    "col_28d": "28 days",
    "col_median": "vs median",
    "col_trend": "Trend",
    "movers_title": "Top movers",
    "mover_line": "+{gain} views on the previous period",
    "mover_new": "new: {views} views since publication",
    "no_movers": "No video gained views in the period.",
    "search_title": "What patients type into YouTube",
    "search_caption": "YouTube searches that led to your videos ({days} days to {end}). Keyword: your videos' keyword the search matches.",
    "col_term": "Search",
    "col_views": "Views",
    "col_share": "Share",
    "col_keyword": "Matching keyword",
    "no_keyword": "none: a topic to cover",
    "no_terms": "YouTube has no searches to show for this period yet.",
    "sources_title": "Where views come from",
    "keywords_title": "Your keywords that bring viewers",
    "keywords_none": "None of your keywords shows up in searches yet.",
    "next_title": "What to do next",
    "advice_publish_more": "Publish: no new video in the last {days} days. One video a week keeps the channel growing.",
    "advice_follow_up": "Make a follow-up to “{title}”: it does {ratio} the channel's median video at the same age.",
    "advice_new_topic": "Patients search for “{term}” ({views} views) and none of your videos carries that keyword: make a video about it.",
    "advice_keep_keyword": "Keep using “{keyword}” in your titles: this keyword brought {views} views from search.",
    "advice_improve_search": "Only {share} of views come from search: put the topic in the first words of the title and description.",
    "advice_decline": "Views are falling ({growth}): collect your best videos in a playlist and share them on your website.",
    "advice_fix_terms": "“{term}” brings {views} views to “{title}” but is in neither its title nor its tags: add it (videokit audit fix --video {video} --only tags).",
    "topics_title": "Topics to cover next",
    "topic_line": "{topic} ({views} views: {terms})",
    "fixes_title": "Searches missing from titles and tags",
    "fix_line": "“{term}” ({views} views): “{missing}” missing from “{title}”",
    "readiness_title": "YouTube's health features: where the channel stands",
    "readiness_caption": "“Licensed healthcare professional” label and health sources shelf (support.google.com/youtube/answer/12796915).",
    "ready_yes": "met",
    "ready_no": "missing",
    "ready_unknown": "to check",
    "ready_watch_hours": "Watch hours over 12 months: {value} of {threshold}",
    "ready_watch_hours_gap": "{gap} hours to go",
    "ready_watch_hours_none": "Watch hours over 12 months: unknown (run videokit track)",
    "ready_health_share": "Share of health videos: {value} (expected {threshold})",
    "ready_health_share_gap": "{gap} more health videos",
    "ready_country": "Country: {value}",
    "ready_country_none": "Country: not set (country in the profile)",
    "ready_licence": "Licence number: {value}",
    "ready_licence_none": "Licence number: not set (rpps in the profile)",
    "ready_principles": "Sources and interests declared",
    "ready_strikes": "Strikes: not visible through the API; check YouTube Studio > Channel > Status",
    "advice_steady": "Keep the same pace: the channel is progressing normally.",
    "footer": "Figures from YouTube Data and Analytics. YouTube may still correct the last 2 to 3 days.",
    "none": "—",
    "src_YT_SEARCH": "YouTube search",
    "src_SUGGESTED": "Suggested videos",
    "src_BROWSE": "Home and subscriptions",
    "src_EXT_URL": "External websites",
    "src_NO_LINK_OTHER": "Direct or unknown",
    "src_YT_CHANNEL": "Channel page",
    "src_PLAYLIST": "Playlists",
    "src_NOTIFICATION": "Notifications",
    "src_SHORTS": "Shorts feed",
    "src_END_SCREEN": "End screens",
    "src_YT_OTHER_PAGE": "Other YouTube pages",
    "src_SUBSCRIBER": "Subscribers",
    "src_HASHTAGS": "Hashtags",
    "src_RELATED_VIDEO": "Related videos",
    "src_ANNOTATION": "Cards",
    "src_ADVERTISING": "Advertising",
}

_MONTHS = {
    "fr": ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}
CATALOGS = {"fr": FR, "en": EN}


@dataclass(frozen=True)
class Catalog:
    lang: str

    def t(self, key: str, **params: Any) -> str:
        return CATALOGS[self.lang][key].format(**params)

    def plural(self, key: str, count: int) -> str:
        """`key_zero`, `key_one` or `key_many`, filled with the count."""
        form = "zero" if count == 0 else "one" if count == 1 else "many"
        return self.t(f"{key}_{form}", count=self.number(count))

    def source(self, key: str) -> str:
        """A traffic source type in words; an unknown type keeps YouTube's name, made readable."""
        return CATALOGS[self.lang].get(f"src_{key}", key.replace("_", " ").capitalize())

    def number(self, value: float | None, decimals: int = 0) -> str:
        if value is None:
            return self.t("none")
        text = f"{value:,.{decimals}f}"
        if self.lang == "fr":
            text = text.replace(",", NNBSP).replace(".", ",")
        return text

    def percent(self, value: float | None, signed: bool = False) -> str:
        if value is None:
            return self.t("none")
        pct = value * 100
        body = self.number(abs(pct), 0 if abs(pct) >= 10 or pct == 0 else 1)
        sign = ("+" if pct > 0 else "−" if pct < 0 else "") if signed else ("−" if pct < 0 else "")
        return f"{sign}{body}{NNBSP if self.lang == 'fr' else ''}%"

    def ratio(self, value: float | None) -> str:
        return self.t("none") if value is None else f"{self.number(value, 1)}×"

    def duration(self, seconds: float) -> str:
        minutes, secs = divmod(round(seconds), 60)
        return f"{minutes}:{secs:02d}"

    def day(self, value: date, year: bool = False) -> str:
        month = _MONTHS[self.lang][value.month - 1]
        if self.lang == "fr":
            return f"{value.day}{NBSP}{month}" + (f" {value.year}" if year else "")
        return f"{month}{NBSP}{value.day}" + (f", {value.year}" if year else "")
