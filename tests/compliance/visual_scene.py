"""Where things are in the test consultation video (built by conftest.consult)."""

# Where things are in the consultation video (960x540, 12 s): the practitioner (Grace Hopper) all
# along on the left; a second person (the astronaut) from 4 s to 8 s on the right; from 8 s a
# prescription on the right. The background is the corpus video (real footage with a timecode).
ASTRONAUT_SPAN = (4.0, 8.0)
ASTRONAUT_AREA = (560, 120, 300, 300)  # x, y, w, h in pixels: the face is inside
PRESCRIPTION_FROM = 8.0
PRESCRIPTION_AREA = (520, 110, 400, 330)
PRACTITIONER_AREA = (60, 70, 340, 400)
