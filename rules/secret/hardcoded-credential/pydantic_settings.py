from pydantic import Field
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    # ruleid: secret/hardcoded-credential
    secret_key: str = Field(default="09d25e094faa6ca2556c818166b7a9563b93f7099f6f0f4caa6cf63b88e8d3e7")
    # ok: secret/hardcoded-credential
    api_key: str = Field(default="")
    # ok: secret/hardcoded-credential
    algorithm: str = Field(default="HS256")
