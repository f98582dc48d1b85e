class ApiController < ApplicationController
  before_action :set_cors_headers

  private

  def set_cors_headers
    # ruleid: cors/permissive-origin
    response.headers['Access-Control-Allow-Origin'] = '*'
    # ok: cors/permissive-origin
    response.headers['Access-Control-Allow-Methods'] = '*'
  end
end
