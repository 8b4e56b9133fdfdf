"""The meeting briefing pack: PowerPoint (native charts and tables) and PDF, from the page models.

    from lmi import models
    from lmi.briefing import model, pdf, pptx
    read = models.reader()
    briefing = model.build(read, model.meeting_from_event(read, "pesnet-m4-2024"), ["JOR", "TUR"])
    pptx.render(briefing), pdf.render(briefing)  # bytes

`python -m lmi.briefing --meeting <event_id> ...` does the same from the command line.
"""
