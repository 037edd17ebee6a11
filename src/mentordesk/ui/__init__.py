"""The Qt client. It calls services only (through `worker.Runner`) and opens no database sessions.

`app.run_gui` starts the window; `shots.render_all` draws every main screen to PNG files.
"""
