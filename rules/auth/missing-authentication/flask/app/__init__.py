from flask import Flask, g, session
from flask_login import LoginManager

from .admin import admin_bp
from .api import api
from .views import bp

login_manager = LoginManager()


def create_app():
    app = Flask(__name__)
    login_manager.init_app(app)
    app.register_blueprint(bp)
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(api)

    @app.before_request
    def load_user():
        # Loads the user for templates; it does not reject anyone.
        g.user_id = session.get("user_id")

    return app
