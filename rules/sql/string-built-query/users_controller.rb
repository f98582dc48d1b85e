class UsersController < ApplicationController
  def index
    # ruleid: sql/string-built-query
    @users = User.where("name = '#{params[:name]}'")
  end

  def sorted
    # ruleid: sql/string-built-query
    @users = User.order("#{params[:sort]} DESC")
  end

  def report
    # ruleid: sql/string-built-query
    rows = ActiveRecord::Base.connection.execute("SELECT * FROM orders WHERE status = '#{params[:status]}'")
    render json: rows
  end

  def legacy
    sql = "SELECT * FROM users WHERE email = '#{params[:email]}'"
    # ruleid: sql/string-built-query
    @users = User.find_by_sql(sql)
  end

  def safe
    # ok: sql/string-built-query
    @users = User.where("name = ?", params[:name])
  end

  def hash_condition
    # ok: sql/string-built-query
    @users = User.where(name: params[:name])
  end

  def numeric
    # ok: sql/string-built-query
    @users = User.where("id = #{params[:id].to_i}")
  end

  def message
    # ok: sql/string-built-query
    flash[:notice] = "Selected #{params[:count]} rows from the list"
  end
end
