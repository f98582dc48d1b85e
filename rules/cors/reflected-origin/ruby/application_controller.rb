class ApplicationController < ActionController::API
  ALLOWED_ORIGINS = ENV.fetch('CORS_ORIGINS', '').split(',')

  after_action :cors_headers

  private

  def cors_headers
    # ruleid: cors/reflected-origin
    response.headers['Access-Control-Allow-Origin'] = request.headers['Origin']
    response.headers['Access-Control-Allow-Credentials'] = 'true'
  end

  def partner_headers
    origin = request.origin
    # ruleid: cors/reflected-origin
    response.headers['Access-Control-Allow-Origin'] = origin
  end

  def checked_headers
    # ok: cors/reflected-origin
    response.headers['Access-Control-Allow-Origin'] = request.origin if ALLOWED_ORIGINS.include?(request.origin)
  end
end
