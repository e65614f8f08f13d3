"""After the upload: viewers' comments triaged under medical rules, and the video carried to other networks."""
