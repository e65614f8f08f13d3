"""Media stage: probe, speech detection, cut lists, smart-cut trimming, YouTube render, thumbnails, Shorts.

info = probe(clip)                                   # media.probe
speech = detect_speech(clip, info, options)          # media.detect
cuts = plan_cuts(info, speech, options, words)       # media.cuts (+ map_time, export_edl)
trim(clip, cuts, out, info)                          # media.trim
render(out, final, render_options, branding=...)     # media.render
pick_thumbnail(final, thumb), contact_sheet(...)     # media.thumbnails
make_short(final, short, start, end, render_options) # media.shorts
"""
