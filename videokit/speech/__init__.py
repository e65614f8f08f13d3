"""Speech: offline Whisper transcription (faster-whisper or openai-whisper) and captions.

transcribe.transcribe(media, options, models_dir=...) -> types.Transcript
captions.build_cues / write_transcript / shift
models.resolve_model(name, backend, models_dir) -> ResolvedModel
wer.word_error_rate(reference, hypothesis, language)
"""
